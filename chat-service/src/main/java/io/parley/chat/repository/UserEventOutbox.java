package io.parley.chat.repository;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Outbox of user events: written in the transaction of their change, relayed after commit. */
@ApplicationScoped
public class UserEventOutbox {

    public Uni<Void> insert(SqlClient db, UUID userId, String type, ObjectNode d) {
        return db.preparedQuery("INSERT INTO user_events_outbox (user_id, type, payload) VALUES ($1, $2, $3::text::jsonb)")
                .execute(Tuple.of(userId, type, Json.write(d))).replaceWithVoid();
    }

    public Uni<List<PendingUserEvent>> unpublished(SqlClient db, int limit) {
        return db.preparedQuery("SELECT id, user_id, type, payload::text AS payload FROM user_events_outbox "
                        + "WHERE NOT published ORDER BY id LIMIT $1")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<PendingUserEvent> list = new ArrayList<>();
                    for (Row row : rows) {
                        list.add(new PendingUserEvent(row.getLong("id"), row.getUUID("user_id"), row.getString("type"),
                                Json.parseObject(row.getString("payload"))));
                    }
                    return list;
                });
    }

    public Uni<Void> markPublished(SqlClient db, List<PendingUserEvent> events) {
        Long[] ids = events.stream().map(PendingUserEvent::id).toArray(Long[]::new);
        return db.preparedQuery("UPDATE user_events_outbox SET published = true WHERE id = ANY($1)")
                .execute(Tuple.of(ids)).replaceWithVoid();
    }

    /** A user event not yet on {@code user.events}; {@code d} is the client payload. */
    public record PendingUserEvent(long id, UUID userId, String type, ObjectNode d) {
    }
}
