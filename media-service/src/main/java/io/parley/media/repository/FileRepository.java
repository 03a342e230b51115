package io.parley.media.repository;

import io.parley.kit.caller.Caller;
import io.parley.media.domain.StoredFile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code files} table: metadata of stored files, the per-user quota, and who may read a file. Hand-written SQL on
 * the reactive pool, not Panache: every write here holds a lock (the owner's advisory lock for the quota, the row's
 * {@code FOR UPDATE} while {@code media.events} is published) and the ACL read is a join over the projection tables.
 */
@ApplicationScoped
public class FileRepository {

    private static final String COLUMNS = "f.id, f.owner_id, f.name, f.size, f.content_type, f.sha256, f.storage_key,"
            + " f.created_at";

    private final Pool pool;

    public FileRepository(Pool pool) {
        this.pool = pool;
    }

    /** Bytes the user's files take now. */
    public Uni<Long> usage(UUID ownerId) {
        return pool.preparedQuery("SELECT coalesce(sum(size), 0) AS used FROM files WHERE owner_id = $1")
                .execute(Tuple.of(ownerId))
                .map(rows -> rows.iterator().next().getLong("used"));
    }

    /**
     * Inserts the file unless it would take its owner past {@code quota}; one owner's uploads are serialised by an
     * advisory lock so that two parallel uploads cannot both slip under the quota.
     *
     * @return false when the quota would be exceeded (nothing inserted)
     */
    public Uni<Boolean> insertWithinQuota(StoredFile file, long quota) {
        return pool.withTransaction(conn -> conn
                .preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 7))")
                .execute(Tuple.of(file.ownerId().toString()))
                .chain(() -> conn.preparedQuery("SELECT coalesce(sum(size), 0) AS used FROM files WHERE owner_id = $1")
                        .execute(Tuple.of(file.ownerId())))
                .chain(rows -> {
                    long used = rows.iterator().next().getLong("used");
                    if (used + file.size() > quota) {
                        return Uni.createFrom().item(false);
                    }
                    return conn.preparedQuery("INSERT INTO files (id, owner_id, name, size, content_type, sha256,"
                                    + " storage_key, created_at, announced) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false)")
                            .execute(Tuple.from(new Object[] {file.id(), file.ownerId(), file.name(), file.size(),
                                    file.contentType(), file.sha256(), file.storageKey(),
                                    OffsetDateTime.ofInstant(file.createdAt(), ZoneOffset.UTC)}))
                            .replaceWith(true);
                }));
    }

    /**
     * The file if the caller may read it: its uploader, or a member of a channel where a message attached it. Being
     * an admin adds nothing here (an admin reads no one's DM or private attachments; see {@link #findDeletable}).
     * {@code null} otherwise, so a file the caller may not see is indistinguishable from none.
     */
    public Uni<StoredFile> findReadable(UUID fileId, Caller caller) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM files f WHERE f.id = $1 AND (f.owner_id = $2"
                        + " OR EXISTS (SELECT 1 FROM file_attachments a JOIN channel_members m"
                        + " ON m.channel_id = a.channel_id WHERE a.file_id = f.id AND m.user_id = $2))")
                .execute(Tuple.of(fileId, caller.userId()))
                .map(FileRepository::firstOrNull);
    }

    /** Any file, for an admin's delete: moderation removes a file without reading it. {@code null} when unknown. */
    public Uni<StoredFile> findDeletable(UUID fileId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM files f WHERE f.id = $1").execute(Tuple.of(fileId))
                .map(FileRepository::firstOrNull);
    }

    /** Notes that the file's {@code file.uploaded} was acknowledged. */
    public Uni<Void> markAnnounced(UUID fileId) {
        return pool.preparedQuery("UPDATE files SET announced = true WHERE id = $1").execute(Tuple.of(fileId))
                .replaceWithVoid();
    }

    /**
     * Announces, oldest first, files left unannounced for longer than {@code age}: each row is locked while
     * {@code announce} publishes it, so a concurrent delete waits and its {@code file.deleted} comes after.
     *
     * @return how many were announced
     */
    public Uni<Integer> announceOverdue(Duration age, int limit, Function<StoredFile, Uni<Void>> announce) {
        return pool.withTransaction(conn -> conn
                .preparedQuery("SELECT " + COLUMNS + " FROM files f WHERE NOT f.announced"
                        + " AND f.created_at < now() - make_interval(secs => $1)"
                        + " ORDER BY f.created_at LIMIT $2 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of((double) age.toMillis() / 1000, limit))
                .chain(rows -> {
                    List<StoredFile> overdue = new ArrayList<>();
                    rows.forEach(row -> overdue.add(toFile(row)));
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (StoredFile file : overdue) {
                        chain = chain.chain(() -> announce.apply(file)).chain(() -> conn
                                .preparedQuery("UPDATE files SET announced = true WHERE id = $1")
                                .execute(Tuple.of(file.id())).replaceWithVoid());
                    }
                    return chain.replaceWith(overdue.size());
                }));
    }

    /**
     * Removes the file's row and its attachment grants after {@code announce} has published the deletion, all under
     * the row's lock (so it never overtakes a pending {@code file.uploaded}). If {@code announce} fails nothing is
     * removed. False when the file was already gone.
     */
    public Uni<Boolean> delete(UUID fileId, Supplier<Uni<Void>> announce) {
        return pool.withTransaction(conn -> conn
                .preparedQuery("SELECT id FROM files WHERE id = $1 FOR UPDATE").execute(Tuple.of(fileId))
                .chain(locked -> locked.rowCount() == 0
                        ? Uni.createFrom().item(false)
                        : announce.get()
                                .chain(() -> conn.preparedQuery("DELETE FROM file_attachments WHERE file_id = $1")
                                        .execute(Tuple.of(fileId)))
                                .chain(() -> conn.preparedQuery("DELETE FROM files WHERE id = $1")
                                        .execute(Tuple.of(fileId)))
                                .replaceWith(true)));
    }

    private static StoredFile firstOrNull(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? toFile(it.next()) : null;
    }

    private static StoredFile toFile(Row r) {
        return new StoredFile(r.getUUID("id"), r.getUUID("owner_id"), r.getString("name"), r.getLong("size"),
                r.getString("content_type"), r.getString("sha256"), r.getString("storage_key"),
                r.getOffsetDateTime("created_at").toInstant());
    }
}
