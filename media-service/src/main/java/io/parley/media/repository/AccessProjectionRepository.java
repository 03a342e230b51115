package io.parley.media.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Writes the channel membership and attachment projection that {@link FileRepository#findReadable} reads. */
@ApplicationScoped
public class AccessProjectionRepository {

    private final Pool pool;

    public AccessProjectionRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Boolean> memberJoined(UUID channelId, long seq, UUID userId) {
        return applyOnce(channelId, seq, conn -> conn.preparedQuery("INSERT INTO channel_members (channel_id, user_id)"
                + " VALUES ($1, $2) ON CONFLICT DO NOTHING").execute(Tuple.of(channelId, userId)).replaceWithVoid());
    }

    public Uni<Boolean> memberLeft(UUID channelId, long seq, UUID userId) {
        return applyOnce(channelId, seq, conn -> conn.preparedQuery("DELETE FROM channel_members"
                + " WHERE channel_id = $1 AND user_id = $2").execute(Tuple.of(channelId, userId)).replaceWithVoid());
    }

    public Uni<Boolean> filesAttached(UUID channelId, long seq, UUID messageId, List<UUID> fileIds) {
        return applyOnce(channelId, seq, conn -> conn.preparedQuery("INSERT INTO file_attachments (file_id,"
                        + " message_id, channel_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .executeBatch(fileIds.stream().map(f -> Tuple.of(f, messageId, channelId)).toList())
                .replaceWithVoid());
    }

    /** A deleted message no longer shares its attachments with the channel. */
    public Uni<Boolean> messageDeleted(UUID channelId, long seq, UUID messageId) {
        return applyOnce(channelId, seq, conn -> conn.preparedQuery("DELETE FROM file_attachments"
                + " WHERE message_id = $1 AND channel_id = $2").execute(Tuple.of(messageId, channelId))
                .replaceWithVoid());
    }

    /**
     * Runs {@code change} in the same transaction that moves the channel's applied seq forward, only when
     * {@code seq} is new for that channel. Returns whether it ran.
     */
    private Uni<Boolean> applyOnce(UUID channelId, long seq, Function<SqlConnection, Uni<Void>> change) {
        return pool.withTransaction(conn -> conn
                .preparedQuery("INSERT INTO channel_progress (channel_id, last_seq) VALUES ($1, $2)"
                        + " ON CONFLICT (channel_id) DO UPDATE SET last_seq = EXCLUDED.last_seq"
                        + " WHERE channel_progress.last_seq < EXCLUDED.last_seq RETURNING last_seq")
                .execute(Tuple.of(channelId, seq))
                .chain(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().item(false)
                        : change.apply(conn).replaceWith(true)));
    }
}
