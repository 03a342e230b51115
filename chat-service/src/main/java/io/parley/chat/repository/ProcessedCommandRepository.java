package io.parley.chat.repository;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Commands already applied, by Kafka envelope id, with the reply they got. */
@ApplicationScoped
public class ProcessedCommandRepository {

    public Uni<Map<String, ObjectNode>> find(SqlClient db, List<String> commandIds) {
        if (commandIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return db.preparedQuery("SELECT command_id, reply::text AS reply FROM processed_commands WHERE command_id = ANY($1)")
                .execute(Tuple.of(commandIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, ObjectNode> found = new HashMap<>();
                    for (Row row : rows) {
                        found.put(row.getString("command_id"), Json.parseObject(row.getString("reply")));
                    }
                    return found;
                });
    }

    public Uni<Void> insert(SqlClient db, Map<String, ObjectNode> replies) {
        if (replies.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Columns.Pair<String, String> columns = Columns.of(replies, String[]::new, id -> id, String[]::new, Json::write);
        // one statement for the batch (executeBatch would run one per command)
        return db.preparedQuery("INSERT INTO processed_commands (command_id, reply) "
                        + "SELECT id, reply::jsonb FROM unnest($1::text[], $2::text[]) AS r(id, reply) "
                        + "ON CONFLICT (command_id) DO NOTHING")
                .execute(Tuple.of(columns.keys(), columns.values())).replaceWithVoid();
    }

    /** Forgets commands older than Kafka could still redeliver. */
    public Uni<Integer> purgeOlderThan(SqlClient db, Duration age) {
        return db.preparedQuery("DELETE FROM processed_commands WHERE processed_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) age.toSeconds())).map(rows -> rows.rowCount());
    }
}
