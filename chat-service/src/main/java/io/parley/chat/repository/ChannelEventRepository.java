package io.parley.chat.repository;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The channel event log, which is also the outbox the relay publishes from. */
@ApplicationScoped
public class ChannelEventRepository {

    /** The events in one statement (a batch's sends: one execution instead of one per event). */
    public Uni<Void> insertAll(SqlClient db, List<NewEvent> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return db.preparedQuery("INSERT INTO channel_events (channel_id, seq, type, payload) SELECT c, s, t, p::jsonb "
                        + "FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[]) AS r(c, s, t, p)")
                .execute(Tuple.of(Columns.of(rows, UUID[]::new, NewEvent::channelId),
                        Columns.of(rows, Long[]::new, NewEvent::seq), Columns.of(rows, String[]::new, NewEvent::type),
                        Columns.of(rows, String[]::new, e -> Json.write(e.payload()))))
                .replaceWithVoid();
    }

    /** The events of one channel with seq above {@code after}, in seq order. */
    public Uni<List<StoredEvent>> after(SqlClient db, UUID channelId, long after, int limit) {
        return db.preparedQuery("SELECT channel_id, seq, type, payload::text AS payload, created_at FROM channel_events "
                        + "WHERE channel_id = $1 AND seq > $2 ORDER BY seq LIMIT $3")
                .execute(Tuple.of(channelId, after, limit)).map(ChannelEventRepository::events);
    }

    /** Unpublished events, each channel's in seq order (the caller holds the relay lock). */
    public Uni<List<StoredEvent>> unpublished(SqlClient db, int limit) {
        return db.preparedQuery("SELECT channel_id, seq, type, payload::text AS payload, created_at FROM channel_events "
                        + "WHERE NOT published ORDER BY channel_id, seq LIMIT $1")
                .execute(Tuple.of(limit)).map(ChannelEventRepository::events);
    }

    public Uni<Void> markPublished(SqlClient db, List<StoredEvent> events) {
        UUID[] channels = events.stream().map(StoredEvent::channelId).toArray(UUID[]::new);
        Long[] seqs = events.stream().map(StoredEvent::seq).toArray(Long[]::new);
        return db.preparedQuery("UPDATE channel_events e SET published = true FROM unnest($1::uuid[], $2::bigint[]) AS p(c, s) "
                        + "WHERE e.channel_id = p.c AND e.seq = p.s")
                .execute(Tuple.of(channels, seqs)).replaceWithVoid();
    }

    private static List<StoredEvent> events(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<StoredEvent> list = new ArrayList<>();
        for (Row row : rows) {
            list.add(new StoredEvent(row.getUUID("channel_id"), row.getLong("seq"), row.getString("type"),
                    Json.parseObject(row.getString("payload")), row.getOffsetDateTime("created_at").toInstant()));
        }
        return list;
    }

    /** One channel event as logged: {@code payload} is the client {@code d}. */
    public record StoredEvent(UUID channelId, long seq, String type, ObjectNode payload, Instant createdAt) {
    }

    /** An event to log: {@code payload} is the client {@code d}. */
    public record NewEvent(UUID channelId, long seq, String type, ObjectNode payload) {
    }
}
