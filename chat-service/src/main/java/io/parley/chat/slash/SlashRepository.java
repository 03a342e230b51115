package io.parley.chat.slash;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL over {@code slash_commands} and {@code slash_invocations}. A command is live while its bot is a member of the
 * channel and not banned (disabled): one that left keeps its row but is neither listed nor invoked, and its name is
 * free for another bot.
 */
@ApplicationScoped
public class SlashRepository {

    /** The bot of a command is still in the channel and not banned (users is the auth.users projection). */
    private static final String LIVE = "EXISTS (SELECT 1 FROM members lm WHERE lm.channel_id = c.channel_id "
            + "AND lm.user_id = c.bot_id) AND NOT EXISTS (SELECT 1 FROM users lu WHERE lu.id = c.bot_id AND lu.banned)";

    /**
     * Registers or replaces {@code /name} for {@code botId}: a name held by another live bot is left alone.
     *
     * @return empty when another bot holds the name; else whether the row is new
     */
    public Uni<Optional<Boolean>> upsert(SqlClient db, UUID channelId, String name, UUID botId, String description,
            String usage) {
        return db.preparedQuery("INSERT INTO slash_commands AS c (channel_id, name, bot_id, description, usage) "
                        + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (channel_id, name) DO UPDATE "
                        + "SET bot_id = $3, description = $4, usage = $5, updated_at = now() "
                        + "WHERE c.bot_id = $3 OR NOT (" + LIVE + ") RETURNING (xmax = 0) AS created")
                .execute(Tuple.of(channelId, name, botId, description, usage))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getBoolean("created")));
    }

    public Uni<Optional<CommandRow>> find(SqlClient db, UUID channelId, String name) {
        return db.preparedQuery("SELECT c.*, u.username AS bot_username, (" + LIVE + ") AS live FROM slash_commands c "
                        + "LEFT JOIN users u ON u.id = c.bot_id WHERE c.channel_id = $1 AND c.name = $2")
                .execute(Tuple.of(channelId, name))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(command(rows.iterator().next())));
    }

    public Uni<Boolean> delete(SqlClient db, UUID channelId, String name) {
        return db.preparedQuery("DELETE FROM slash_commands WHERE channel_id = $1 AND name = $2")
                .execute(Tuple.of(channelId, name)).map(rows -> rows.rowCount() > 0);
    }

    /** The live commands of a channel by name. */
    public Uni<List<CommandRow>> live(SqlClient db, UUID channelId) {
        return db.preparedQuery("SELECT c.*, u.username AS bot_username, true AS live FROM slash_commands c "
                        + "LEFT JOIN users u ON u.id = c.bot_id WHERE c.channel_id = $1 AND " + LIVE
                        + " ORDER BY c.name")
                .execute(Tuple.of(channelId))
                .map(rows -> {
                    List<CommandRow> list = new ArrayList<>();
                    rows.forEach(row -> list.add(command(row)));
                    return list;
                });
    }

    /** How many commands a bot has in a channel (the per-bot cap). */
    public Uni<Long> countOfBot(SqlClient db, UUID channelId, UUID botId) {
        return db.preparedQuery("SELECT count(*) AS n FROM slash_commands WHERE channel_id = $1 AND bot_id = $2")
                .execute(Tuple.of(channelId, botId)).map(rows -> rows.iterator().next().getLong("n"));
    }

    public Uni<Void> insertInvocation(SqlClient db, InvocationRow invocation) {
        return db.preparedQuery("INSERT INTO slash_invocations (id, channel_id, command, bot_id, user_id, client_msg_id, "
                        + "args, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(List.of(invocation.id(), invocation.channelId(), invocation.command(),
                        invocation.botId(), invocation.userId(), invocation.clientMsgId(), invocation.args(),
                        OffsetDateTime.ofInstant(invocation.createdAt(), ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    public Uni<Optional<InvocationRow>> invocationOf(SqlClient db, UUID userId, String clientMsgId) {
        return db.preparedQuery("SELECT * FROM slash_invocations WHERE user_id = $1 AND client_msg_id = $2")
                .execute(Tuple.of(userId, clientMsgId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(invocation(rows.iterator().next())));
    }

    /** The invocation, locked for its answer. */
    public Uni<Optional<InvocationRow>> lockInvocation(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT * FROM slash_invocations WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(invocation(rows.iterator().next())));
    }

    public Uni<Void> markResponded(SqlClient db, UUID id, boolean ephemeral, String text) {
        return db.preparedQuery("UPDATE slash_invocations SET responded_at = now(), ephemeral = $2, response_text = $3 "
                        + "WHERE id = $1")
                .execute(Tuple.of(id, ephemeral, text)).replaceWithVoid();
    }

    public Uni<Void> setMessage(SqlClient db, UUID id, UUID messageId) {
        return db.preparedQuery("UPDATE slash_invocations SET message_id = $2 WHERE id = $1")
                .execute(Tuple.of(id, messageId)).replaceWithVoid();
    }

    /** Forgets invocations older than {@code age}: a send retried after that could invoke again. */
    public Uni<Integer> purgeOlderThan(SqlClient db, Duration age) {
        return db.preparedQuery("DELETE FROM slash_invocations WHERE created_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) age.toSeconds())).map(rows -> rows.rowCount());
    }

    private static CommandRow command(Row row) {
        return new CommandRow(row.getUUID("channel_id"), row.getString("name"), row.getUUID("bot_id"),
                row.getString("bot_username"), row.getString("description"), row.getString("usage"),
                row.getBoolean("live"));
    }

    private static InvocationRow invocation(Row row) {
        OffsetDateTime responded = row.getOffsetDateTime("responded_at");
        return new InvocationRow(row.getUUID("id"), row.getUUID("channel_id"), row.getString("command"),
                row.getUUID("bot_id"), row.getUUID("user_id"), row.getString("client_msg_id"), row.getString("args"),
                row.getOffsetDateTime("created_at").toInstant(), responded == null ? null : responded.toInstant(),
                row.getBoolean("ephemeral"), row.getString("response_text"), row.getUUID("message_id"));
    }

    /** A registered command; {@code live} while its bot is in the channel and not disabled. */
    public record CommandRow(UUID channelId, String name, UUID botId, String botUsername, String description,
            String usage, boolean live) {
    }

    /** One invocation and, once answered, its answer. */
    public record InvocationRow(UUID id, UUID channelId, String command, UUID botId, UUID userId, String clientMsgId,
            String args, Instant createdAt, Instant respondedAt, Boolean ephemeral, String responseText,
            UUID messageId) {

        InvocationRow(UUID id, UUID channelId, String command, UUID botId, UUID userId, String clientMsgId,
                String args, Instant createdAt) {
            this(id, channelId, command, botId, userId, clientMsgId, args, createdAt, null, null, null, null);
        }
    }
}
