package io.parley.chat.repository;

import io.parley.chat.domain.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL over {@code members}: roles and read markers. */
@ApplicationScoped
public class MemberRepository {

    public Uni<Void> insert(SqlClient db, UUID channelId, UUID userId, Role role, long readSeq) {
        return db.preparedQuery("INSERT INTO members (channel_id, user_id, role, read_seq) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(channelId, userId, role.wire(), readSeq)).replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient db, UUID channelId, UUID userId) {
        return db.preparedQuery("DELETE FROM members WHERE channel_id = $1 AND user_id = $2")
                .execute(Tuple.of(channelId, userId)).replaceWithVoid();
    }

    public Uni<Void> setRole(SqlClient db, UUID channelId, UUID userId, Role role) {
        return db.preparedQuery("UPDATE members SET role = $3 WHERE channel_id = $1 AND user_id = $2")
                .execute(Tuple.of(channelId, userId, role.wire())).replaceWithVoid();
    }

    public Uni<Void> setReadSeq(SqlClient db, UUID channelId, UUID userId, long readSeq) {
        return db.preparedQuery("UPDATE members SET read_seq = $3 WHERE channel_id = $1 AND user_id = $2")
                .execute(Tuple.of(channelId, userId, readSeq)).replaceWithVoid();
    }

    /** Others' live messages after {@code readSeq}: the unread count of one member. */
    public Uni<Long> unread(SqlClient db, UUID channelId, UUID userId, long readSeq) {
        return db.preparedQuery("SELECT count(*) AS n FROM messages WHERE channel_id = $1 AND seq > $3 "
                        + "AND NOT deleted AND sender_id <> $2")
                .execute(Tuple.of(channelId, userId, readSeq))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** A page of members ordered by user id, after the given id (exclusive); one more than asked shows hasMore. */
    public Uni<List<MemberEntry>> page(SqlClient db, UUID channelId, UUID after, int limit) {
        return db.preparedQuery("SELECT m.user_id, m.role, u.username, u.display_name FROM members m "
                        + "LEFT JOIN users u ON u.id = m.user_id "
                        + "WHERE m.channel_id = $1 AND ($2::uuid IS NULL OR m.user_id > $2) ORDER BY m.user_id LIMIT $3")
                .execute(Tuple.of(channelId, after, limit))
                .map(rows -> {
                    List<MemberEntry> list = new ArrayList<>();
                    for (Row row : rows) {
                        list.add(new MemberEntry(row.getUUID("user_id"), row.getString("role"),
                                row.getString("username"), row.getString("display_name")));
                    }
                    return list;
                });
    }

    /** The members of a channel whose username is one of the given lower-case names. */
    public Uni<List<UUID>> membersNamed(SqlClient db, UUID channelId, List<String> lowerUsernames) {
        return db.preparedQuery("SELECT m.user_id FROM members m JOIN users u ON u.id = m.user_id "
                        + "WHERE m.channel_id = $1 AND lower(u.username) = ANY($2)")
                .execute(Tuple.of(channelId, lowerUsernames.toArray(String[]::new)))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("user_id")));
                    return ids;
                });
    }

    /** One row of the members list. */
    public record MemberEntry(UUID userId, String role, String username, String displayName) {
    }
}
