package io.parley.media.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where file bytes live, addressed by key ({@code [a-z0-9/-]}): {@link LocalDirectoryBlobStore} or {@link S3BlobStore},
 * chosen by {@code parley.media.store} ({@link BlobStores}). Kept to what an S3-compatible store can also do:
 * a new blob becomes visible all at once on {@link Writer#commit()} (multipart upload complete), ranged reads
 * (GET with Range), deletes that tolerate a missing key. Every method blocks: call it from a worker thread.
 */
public interface BlobStore {

    /** Starts a blob under {@code key}; nothing is visible there until the writer is committed. */
    Writer create(String key) throws IOException;

    /**
     * Up to {@code length} bytes from {@code offset}.
     *
     * @throws java.nio.file.NoSuchFileException when no blob has that key
     */
    InputStream read(String key, long offset, long length) throws IOException;

    /** @throws java.nio.file.NoSuchFileException when no blob has that key */
    long size(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** Removes the blob if present. */
    void delete(String key) throws IOException;

    /** Removes every blob whose key starts with {@code prefix/}. */
    void deleteAll(String prefix) throws IOException;

    /** Readiness: throws, with the reason, when the store cannot be used now. */
    void check() throws IOException;

    /** Where the blobs live, for logs and health (never a secret). */
    String describe();

    /** A blob being written: either committed (visible, durable) or aborted (leaves nothing behind). */
    interface Writer extends AutoCloseable {

        OutputStream stream();

        void commit() throws IOException;

        /** Idempotent; also what {@link #close()} does when the blob was not committed. */
        void abort();

        @Override
        default void close() {
            abort();
        }
    }
}
