package io.parley.chat.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** The projection of {@code auth.users}: who exists, under which names. */
@ApplicationScoped
public class UserRepository {

    public Uni<Void> upsert(SqlClient db, UUID id, String username, String displayName, boolean banned) {
        return db.preparedQuery("INSERT INTO users (id, username, display_name, banned) VALUES ($1, $2, $3, $4) "
                        + "ON CONFLICT (id) DO UPDATE SET username = $2, display_name = $3, banned = $4")
                .execute(Tuple.of(id, username, displayName, banned)).replaceWithVoid();
    }

    public Uni<Boolean> exists(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT 1 FROM users WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() > 0);
    }
}
