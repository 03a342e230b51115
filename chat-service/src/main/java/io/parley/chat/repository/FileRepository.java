package io.parley.chat.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;

/** The projection of {@code media.events}: the uploaded files a message may attach. */
@ApplicationScoped
public class FileRepository {

    public Uni<Void> upsert(SqlClient db, UUID id, UUID ownerId, String name, long size, String contentType) {
        return db.preparedQuery("INSERT INTO files (id, owner_id, name, size, content_type) VALUES ($1, $2, $3, $4, $5) "
                        + "ON CONFLICT (id) DO UPDATE SET owner_id = $2, name = $3, size = $4, content_type = $5, deleted = false")
                .execute(Tuple.of(id, ownerId, name, size, contentType)).replaceWithVoid();
    }

    public Uni<Void> markDeleted(SqlClient db, UUID id) {
        return db.preparedQuery("UPDATE files SET deleted = true WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Of the given ids, those naming live files uploaded by {@code ownerId}, as the message's attachment objects. */
    public Uni<Map<UUID, ObjectNode>> ownedBy(SqlClient db, UUID ownerId, List<UUID> ids) {
        return db.preparedQuery("SELECT id, name, size, content_type FROM files WHERE id = ANY($1) AND owner_id = $2 AND NOT deleted")
                .execute(Tuple.of(ids.toArray(UUID[]::new), ownerId))
                .map(rows -> {
                    Map<UUID, ObjectNode> found = new HashMap<>();
                    for (Row row : rows) {
                        ObjectNode file = Json.object();
                        file.put("id", row.getUUID("id").toString());
                        file.put("name", row.getString("name"));
                        file.put("size", row.getLong("size"));
                        file.put("contentType", row.getString("content_type"));
                        found.put(row.getUUID("id"), file);
                    }
                    return found;
                });
    }
}
