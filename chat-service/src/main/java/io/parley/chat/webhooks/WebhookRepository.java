package io.parley.chat.webhooks;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL over {@code webhooks} (V3); every method runs on the caller's connection. */
@ApplicationScoped
public class WebhookRepository {

    private static final String COLUMNS = "id, channel_id, bot_id, name, secret_hash, created_by, created_at";

    /** One webhook as stored; {@code secretHash} never leaves the service. */
    public record WebhookRow(UUID id, UUID channelId, UUID botId, String name, byte[] secretHash, UUID createdBy,
            Instant createdAt) {
    }

    public Uni<Void> insert(SqlClient db, WebhookRow row) {
        return db.preparedQuery("INSERT INTO webhooks (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.tuple().addValue(row.id()).addValue(row.channelId()).addValue(row.botId())
                        .addValue(row.name()).addBuffer(Buffer.buffer(row.secretHash())).addValue(row.createdBy())
                        .addValue(row.createdAt().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    public Uni<Optional<WebhookRow>> find(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM webhooks WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows(rows).stream().findFirst());
    }

    public Uni<List<WebhookRow>> byChannel(SqlClient db, UUID channelId) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM webhooks WHERE channel_id = $1 ORDER BY created_at, id")
                .execute(Tuple.of(channelId)).map(WebhookRepository::rows);
    }

    public Uni<List<WebhookRow>> byCreator(SqlClient db, UUID createdBy) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM webhooks WHERE created_by = $1 ORDER BY created_at, id")
                .execute(Tuple.of(createdBy)).map(WebhookRepository::rows);
    }

    /** Every webhook (admins), oldest first, at most {@code limit}. */
    public Uni<List<WebhookRow>> all(SqlClient db, int limit) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM webhooks ORDER BY created_at, id LIMIT $1")
                .execute(Tuple.of(limit)).map(WebhookRepository::rows);
    }

    public Uni<Long> countInChannel(SqlClient db, UUID channelId) {
        return db.preparedQuery("SELECT count(*) AS n FROM webhooks WHERE channel_id = $1").execute(Tuple.of(channelId))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** True when there was such a webhook. */
    public Uni<Boolean> delete(SqlClient db, UUID id) {
        return db.preparedQuery("DELETE FROM webhooks WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    private static List<WebhookRow> rows(RowSet<Row> rows) {
        List<WebhookRow> list = new ArrayList<>();
        for (Row row : rows) {
            list.add(new WebhookRow(row.getUUID("id"), row.getUUID("channel_id"), row.getUUID("bot_id"),
                    row.getString("name"), row.getBuffer("secret_hash").getBytes(), row.getUUID("created_by"),
                    row.getOffsetDateTime("created_at").toInstant()));
        }
        return list;
    }
}
