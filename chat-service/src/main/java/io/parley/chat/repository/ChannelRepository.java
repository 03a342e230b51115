package io.parley.chat.repository;

import io.parley.chat.domain.ChannelRow;
import io.parley.chat.domain.Membership;
import io.parley.chat.domain.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL over {@code channels}; every method runs on the caller's connection so it joins their transaction. */
@ApplicationScoped
public class ChannelRepository {

    private static final String COLUMNS = "c.id, c.type, c.name, c.topic, c.visibility, c.last_seq, c.created_at, "
            + "(SELECT count(*) FROM members mc WHERE mc.channel_id = c.id) AS member_count";

    public Uni<Void> insert(SqlClient db, ChannelRow channel, UUID createdBy) {
        return db.preparedQuery("INSERT INTO channels (id, type, name, topic, visibility, created_by, created_at) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.tuple().addValue(channel.id()).addValue(channel.type()).addValue(channel.name())
                        .addValue(channel.topic()).addValue(channel.visibility()).addValue(createdBy)
                        .addValue(channel.createdAt().atOffset(java.time.ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Creates the DM row unless the pair has one; true when this call created it. */
    public Uni<Boolean> insertDmIfAbsent(SqlClient db, ChannelRow channel, UUID createdBy, String dmKey) {
        return db.preparedQuery("INSERT INTO channels (id, type, name, topic, visibility, created_by, created_at, dm_key) "
                        + "VALUES ($1, 'dm', '', '', 'private', $2, $3, $4) ON CONFLICT (dm_key) DO NOTHING")
                .execute(Tuple.of(channel.id(), createdBy, channel.createdAt().atOffset(java.time.ZoneOffset.UTC), dmKey))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<ChannelRow>> findDm(SqlClient db, String dmKey) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM channels c WHERE c.dm_key = $1")
                .execute(Tuple.of(dmKey)).map(ChannelRepository::first);
    }

    public Uni<Optional<ChannelRow>> find(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM channels c WHERE c.id = $1")
                .execute(Tuple.of(id)).map(ChannelRepository::first);
    }

    /** The channel (empty when unknown) with the user's role and read marker (null role when not a member). */
    public Uni<Optional<Membership>> membership(SqlClient db, UUID channelId, UUID userId) {
        return db.preparedQuery("SELECT " + COLUMNS + ", m.role, m.read_seq FROM channels c "
                        + "LEFT JOIN members m ON m.channel_id = c.id AND m.user_id = $2 WHERE c.id = $1")
                .execute(Tuple.of(channelId, userId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    return Optional.of(membership(it.next()));
                });
    }

    private static Membership membership(Row row) {
        String role = row.getString("role");
        return new Membership(map(row), role == null ? null : Role.parse(role).orElseThrow(),
                role == null ? 0 : row.getLong("read_seq"));
    }

    /**
     * Many {@link #membership} in one statement: for each (channel, user) pair whose channel exists, the channel with
     * the user's role and read marker (null role when not a member). {@code channelIds} and {@code userIds} are
     * parallel lists; a pair whose channel does not exist is absent from the map.
     */
    public Uni<Map<MemberKey, Membership>> memberships(SqlClient db, List<UUID> channelIds, List<UUID> userIds) {
        if (channelIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return db.preparedQuery("SELECT " + COLUMNS + ", p.user_id AS asker, m.role, m.read_seq "
                        + "FROM unnest($1::uuid[], $2::uuid[]) AS p(channel_id, user_id) "
                        + "JOIN channels c ON c.id = p.channel_id "
                        + "LEFT JOIN members m ON m.channel_id = c.id AND m.user_id = p.user_id")
                .execute(Tuple.of(channelIds.toArray(UUID[]::new), userIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<MemberKey, Membership> found = new HashMap<>();
                    for (Row row : rows) {
                        found.put(new MemberKey(row.getUUID("id"), row.getUUID("asker")), membership(row));
                    }
                    return found;
                });
    }

    public Uni<Void> update(SqlClient db, UUID id, String name, String topic) {
        return db.preparedQuery("UPDATE channels SET name = $2, topic = $3 WHERE id = $1")
                .execute(Tuple.of(id, name, topic)).replaceWithVoid();
    }

    /**
     * Locks the channels' rows until commit, in id order (two batches never hold each other's channels crosswise),
     * and reads their last seq: the batch then numbers its sends itself and {@link #setSeqs} writes where it got to.
     * A channel that does not exist is not in the map.
     */
    public Uni<Map<UUID, Long>> lockSeqs(SqlClient db, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return db.preparedQuery("SELECT id, last_seq FROM channels WHERE id = ANY($1) ORDER BY id FOR UPDATE")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Long> seqs = new HashMap<>();
                    for (Row row : rows) {
                        seqs.put(row.getUUID("id"), row.getLong("last_seq"));
                    }
                    return seqs;
                });
    }

    /** Sets the channels' last seq, each a row this transaction has locked ({@link #lockSeqs}, {@link #nextSeq}). */
    public Uni<Void> setSeqs(SqlClient db, Map<UUID, Long> seqs) {
        if (seqs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Columns.Pair<UUID, Long> columns = Columns.of(seqs, UUID[]::new, id -> id, Long[]::new, seq -> seq);
        return db.preparedQuery("UPDATE channels c SET last_seq = v.s FROM unnest($1::uuid[], $2::bigint[]) AS v(id, s) "
                        + "WHERE c.id = v.id")
                .execute(Tuple.of(columns.keys(), columns.values())).replaceWithVoid();
    }

    /** Takes the next seq of the channel; the row lock it takes orders the channel's writers until commit. */
    public Uni<Long> nextSeq(SqlClient db, UUID id) {
        return db.preparedQuery("UPDATE channels SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().next().getLong("last_seq"));
    }

    /** The user's channels, each with role, read marker and unread count (others' live messages after read_seq). */
    public Uni<List<MyChannel>> listForUser(SqlClient db, UUID userId) {
        return db.preparedQuery("SELECT " + COLUMNS + ", m.role, m.read_seq, "
                        + "(SELECT count(*) FROM messages x WHERE x.channel_id = c.id AND x.seq > m.read_seq "
                        + "AND NOT x.deleted AND x.sender_id <> $1) AS unread "
                        + "FROM members m JOIN channels c ON c.id = m.channel_id WHERE m.user_id = $1 ORDER BY c.created_at, c.id")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    List<MyChannel> list = new ArrayList<>();
                    for (Row row : rows) {
                        list.add(new MyChannel(map(row), row.getString("role"), row.getLong("read_seq"),
                                row.getLong("unread")));
                    }
                    return list;
                });
    }

    /** Public channels whose name contains {@code query} (case-insensitive), by name. */
    public Uni<List<ChannelRow>> listPublic(SqlClient db, String query, int limit) {
        String pattern = "%" + query.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return db.preparedQuery("SELECT " + COLUMNS + " FROM channels c WHERE c.visibility = 'public' AND c.type = 'channel' "
                        + "AND lower(c.name) LIKE $1 ORDER BY lower(c.name), c.id LIMIT $2")
                .execute(Tuple.of(pattern, limit))
                .map(rows -> {
                    List<ChannelRow> list = new ArrayList<>();
                    rows.forEach(row -> list.add(map(row)));
                    return list;
                });
    }

    private static Optional<ChannelRow> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
    }

    static ChannelRow map(Row row) {
        Instant created = row.getOffsetDateTime("created_at").toInstant();
        return new ChannelRow(row.getUUID("id"), row.getString("type"), row.getString("name"), row.getString("topic"),
                row.getString("visibility"), row.getLong("last_seq"), created, row.getLong("member_count"));
    }

    /** A user's place in a channel, the key of {@link #memberships}. */
    public record MemberKey(UUID channelId, UUID userId) {
    }

    /** One entry of "my channels". */
    public record MyChannel(ChannelRow channel, String role, long readSeq, long unread) {
    }
}
