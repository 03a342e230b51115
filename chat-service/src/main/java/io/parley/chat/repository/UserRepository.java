package io.parley.chat.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;

/** The projection of {@code auth.users}: who exists, under which names, which users are bots and whose. */
@ApplicationScoped
public class UserRepository {

    /** A person (not a bot). */
    public Uni<Void> upsert(SqlClient db, UUID id, String username, String displayName, boolean banned) {
        return upsert(db, id, username, displayName, banned, false, null);
    }

    /** @param ownerId the bot's owner; null for a person */
    public Uni<Void> upsert(SqlClient db, UUID id, String username, String displayName, boolean banned, boolean bot,
            UUID ownerId) {
        return db.preparedQuery("INSERT INTO users (id, username, display_name, banned, bot, owner_id) "
                        + "VALUES ($1, $2, $3, $4, $5, $6) "
                        + "ON CONFLICT (id) DO UPDATE SET username = $2, display_name = $3, banned = $4, bot = $5, owner_id = $6")
                .execute(Tuple.tuple().addValue(id).addValue(username).addValue(displayName).addValue(banned)
                        .addValue(bot).addValue(ownerId)).replaceWithVoid();
    }

    /** The bot {@code botId} when it is a known bot (banned or not): its owner and ban state. */
    public Uni<Optional<BotRow>> bot(SqlClient db, UUID botId) {
        return db.preparedQuery("SELECT id, owner_id, banned FROM users WHERE id = $1 AND bot")
                .execute(Tuple.of(botId)).map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.<BotRow>empty();
                    }
                    Row row = it.next();
                    return Optional.of(new BotRow(row.getUUID("id"), row.getUUID("owner_id"),
                            row.getBoolean("banned")));
                });
    }

    /** A bot of the projection: {@code ownerId} is the user who created it. */
    public record BotRow(UUID id, UUID ownerId, boolean banned) {
    }

    public Uni<Boolean> exists(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT 1 FROM users WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() > 0);
    }
}
