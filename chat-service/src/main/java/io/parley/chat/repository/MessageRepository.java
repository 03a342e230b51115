package io.parley.chat.repository;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.domain.WireTime;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL over {@code messages}, {@code attachments} and {@code reactions}, and the contract's message view. */
@ApplicationScoped
public class MessageRepository {

    /** The message object of the contract, built in one query with its attachments and reactions. */
    private static final String VIEW_COLUMNS = "SELECT m.id, m.channel_id, m.seq, m.sender_id, m.text, m.reply_to, m.created_at, "
            + "m.edited_at, m.deleted, m.extras::text AS extras, "
            + "(SELECT COALESCE(json_agg(json_build_object('id', f.id, 'name', f.name, 'size', f.size, "
            + "'contentType', f.content_type) ORDER BY a.position), '[]') FROM attachments a JOIN files f ON f.id = a.file_id "
            + "WHERE a.message_id = m.id AND NOT m.deleted)::text AS attachments, "
            + "(SELECT COALESCE(json_object_agg(r.emoji, r.users), '{}') FROM (SELECT emoji, json_agg(user_id ORDER BY created_at, user_id) AS users "
            + "FROM reactions WHERE message_id = m.id GROUP BY emoji) r)::text AS reactions ";
    private static final String VIEW = VIEW_COLUMNS + "FROM messages m ";

    public Uni<Optional<MessageHead>> findBySenderAndClientMsgId(SqlClient db, UUID senderId, String clientMsgId) {
        return db.preparedQuery("SELECT id, channel_id, seq, sender_id, deleted, created_at FROM messages "
                        + "WHERE sender_id = $1 AND client_msg_id = $2")
                .execute(Tuple.of(senderId, clientMsgId)).map(MessageRepository::head);
    }

    /**
     * Many {@link #findBySenderAndClientMsgId} in one statement: the messages each (sender, clientMsgId) pair already
     * made, by pair. {@code senders} and {@code clientMsgIds} are parallel lists.
     */
    public Uni<Map<SenderMsgId, MessageHead>> findBySendersAndClientMsgIds(SqlClient db, List<UUID> senders,
            List<String> clientMsgIds) {
        if (senders.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return db.preparedQuery("SELECT m.id, m.channel_id, m.seq, m.sender_id, m.deleted, m.created_at, m.client_msg_id "
                        + "FROM unnest($1::uuid[], $2::text[]) AS p(sender_id, client_msg_id) "
                        + "JOIN messages m ON m.sender_id = p.sender_id AND m.client_msg_id = p.client_msg_id")
                .execute(Tuple.of(senders.toArray(UUID[]::new), clientMsgIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<SenderMsgId, MessageHead> found = new HashMap<>();
                    for (Row row : rows) {
                        MessageHead head = head(row);
                        found.put(new SenderMsgId(head.senderId(), row.getString("client_msg_id")), head);
                    }
                    return found;
                });
    }

    public Uni<Optional<MessageHead>> findHead(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT id, channel_id, seq, sender_id, deleted, created_at FROM messages WHERE id = $1")
                .execute(Tuple.of(id)).map(MessageRepository::head);
    }

    /** The messages in one statement (a batch's sends: one execution instead of one per message). */
    public Uni<Void> insertAll(SqlClient db, List<NewMessage> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return db.preparedQuery("INSERT INTO messages (id, channel_id, seq, sender_id, client_msg_id, text, reply_to, "
                        + "created_at, extras) SELECT id, channel_id, seq, sender_id, client_msg_id, text, reply_to, "
                        + "created_at, extras::jsonb FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::uuid[], "
                        + "$5::text[], $6::text[], $7::uuid[], $8::timestamptz[], $9::text[]) AS r(id, channel_id, seq, "
                        + "sender_id, client_msg_id, text, reply_to, created_at, extras)")
                .execute(Tuple.tuple()
                        .addValue(Columns.of(rows, UUID[]::new, NewMessage::id))
                        .addValue(Columns.of(rows, UUID[]::new, NewMessage::channelId))
                        .addValue(Columns.of(rows, Long[]::new, NewMessage::seq))
                        .addValue(Columns.of(rows, UUID[]::new, NewMessage::senderId))
                        .addValue(Columns.of(rows, String[]::new, NewMessage::clientMsgId))
                        .addValue(Columns.of(rows, String[]::new, NewMessage::text))
                        .addValue(Columns.of(rows, UUID[]::new, NewMessage::replyTo))
                        .addValue(Columns.of(rows, OffsetDateTime[]::new, m -> m.createdAt().atOffset(ZoneOffset.UTC)))
                        .addValue(Columns.of(rows, String[]::new, m -> m.extras() == null ? null : Json.write(m.extras()))))
                .replaceWithVoid();
    }

    public Uni<Void> insertAttachments(SqlClient db, UUID messageId, List<UUID> fileIds) {
        if (fileIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < fileIds.size(); i++) {
            rows.add(Tuple.of(messageId, fileIds.get(i), (short) i));
        }
        return db.preparedQuery("INSERT INTO attachments (message_id, file_id, position) VALUES ($1, $2, $3)")
                .executeBatch(rows).replaceWithVoid();
    }

    public Uni<Void> updateText(SqlClient db, UUID id, String text, Instant editedAt) {
        return db.preparedQuery("UPDATE messages SET text = $2, edited_at = $3 WHERE id = $1")
                .execute(Tuple.of(id, text, editedAt.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    /** A deleted message keeps its place in history with its text emptied. */
    public Uni<Void> markDeleted(SqlClient db, UUID id) {
        return db.preparedQuery("UPDATE messages SET deleted = true, text = '' WHERE id = $1")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    /** True when the reaction was not there yet. */
    public Uni<Boolean> addReaction(SqlClient db, UUID messageId, String emoji, UUID userId) {
        return db.preparedQuery("INSERT INTO reactions (message_id, emoji, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(messageId, emoji, userId)).map(rows -> rows.rowCount() == 1);
    }

    /** True when there was such a reaction. */
    public Uni<Boolean> removeReaction(SqlClient db, UUID messageId, String emoji, UUID userId) {
        return db.preparedQuery("DELETE FROM reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3")
                .execute(Tuple.of(messageId, emoji, userId)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<ObjectNode>> view(SqlClient db, UUID id) {
        return db.preparedQuery(VIEW + "WHERE m.id = $1").execute(Tuple.of(id))
                .map(rows -> views(rows).stream().findFirst());
    }

    /** The newest {@code limit} messages below {@code before} (any when null), returned ascending. */
    public Uni<List<ObjectNode>> newestBelow(SqlClient db, UUID channelId, Long before, int limit) {
        return db.preparedQuery("SELECT * FROM (" + VIEW + "WHERE m.channel_id = $1 AND ($2::bigint IS NULL OR m.seq < $2) "
                        + "ORDER BY m.seq DESC LIMIT $3) page ORDER BY seq")
                .execute(Tuple.of(channelId, before, limit)).map(MessageRepository::views);
    }

    /** The oldest {@code limit} messages above {@code after}, ascending. */
    public Uni<List<ObjectNode>> oldestAbove(SqlClient db, UUID channelId, long after, int limit) {
        return db.preparedQuery(VIEW + "WHERE m.channel_id = $1 AND m.seq > $2 ORDER BY m.seq LIMIT $3")
                .execute(Tuple.of(channelId, after, limit)).map(MessageRepository::views);
    }

    /**
     * Full-text search restricted in SQL to the caller's channels (and to one of them when given), best first, then
     * newest first.
     */
    public Uni<List<ObjectNode>> search(SqlClient db, UUID userId, String query, UUID channelId, int limit) {
        return db.preparedQuery(VIEW_COLUMNS + ", ts_rank(m.search, q.query) AS rank_value "
                        + "FROM messages m JOIN members mb ON mb.channel_id = m.channel_id AND mb.user_id = $1, "
                        + "websearch_to_tsquery('english', $2) AS q(query) "
                        + "WHERE m.search @@ q.query AND NOT m.deleted AND ($3::uuid IS NULL OR m.channel_id = $3) "
                        + "ORDER BY rank_value DESC, m.created_at DESC, m.id LIMIT $4")
                .execute(Tuple.of(userId, query, channelId, limit)).map(MessageRepository::views);
    }

    private static Optional<MessageHead> head(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return Optional.empty();
        }
        return Optional.of(head(it.next()));
    }

    private static MessageHead head(Row row) {
        return new MessageHead(row.getUUID("id"), row.getUUID("channel_id"), row.getLong("seq"),
                row.getUUID("sender_id"), row.getBoolean("deleted"), row.getOffsetDateTime("created_at").toInstant());
    }

    private static List<ObjectNode> views(RowSet<Row> rows) {
        List<ObjectNode> list = new ArrayList<>();
        for (Row row : rows) {
            ObjectNode json = Json.object();
            json.put("id", row.getUUID("id").toString());
            json.put("channelId", row.getUUID("channel_id").toString());
            json.put("seq", row.getLong("seq"));
            json.put("senderId", row.getUUID("sender_id").toString());
            json.put("text", row.getString("text"));
            json.put("createdAt", WireTime.format(row.getOffsetDateTime("created_at")));
            json.put("editedAt", WireTime.format(row.getOffsetDateTime("edited_at")));
            json.put("deleted", row.getBoolean("deleted"));
            UUID replyTo = row.getUUID("reply_to");
            json.put("replyTo", replyTo == null ? null : replyTo.toString());
            json.set("attachments", (ArrayNode) Json.parse(row.getString("attachments")));
            json.set("reactions", Json.parse(row.getString("reactions")));
            String extras = row.getString("extras");
            if (extras != null) {
                withExtras(json, Json.parseObject(extras));
            }
            list.add(json);
        }
        return list;
    }

    /**
     * Adds an integration's extra view fields (e.g. {@code webhook}) to a message view; the contract's own fields are
     * never replaced by them.
     */
    public static ObjectNode withExtras(ObjectNode view, ObjectNode extras) {
        if (extras != null) {
            extras.fields().forEachRemaining(field -> {
                if (!view.has(field.getKey())) {
                    view.set(field.getKey(), field.getValue().deepCopy());
                }
            });
        }
        return view;
    }

    /** The columns a command needs to check a message. */
    public record MessageHead(UUID id, UUID channelId, long seq, UUID senderId, boolean deleted, Instant createdAt) {
    }

    /** A sender's clientMsgId: what makes a send a retry of an earlier one. */
    public record SenderMsgId(UUID senderId, String clientMsgId) {
    }

    /**
     * A message to insert; {@code extras}: view fields of an integration's post (BotPoster), merged into the message
     * view, null for none.
     */
    public record NewMessage(UUID id, UUID channelId, long seq, UUID senderId, String clientMsgId, String text,
            UUID replyTo, Instant createdAt, ObjectNode extras) {
    }
}
