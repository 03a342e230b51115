package io.parley.media.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The chosen store with each call of {@link BlobStore} timed and counted in {@link StoreMetrics}. */
final class MeteredBlobStore implements BlobStore {

    private final BlobStore store;
    private final StoreMetrics metrics;

    MeteredBlobStore(BlobStore store, StoreMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public Writer create(String key) throws IOException {
        Writer writer = store.create(key);
        return new Writer() {
            @Override
            public OutputStream stream() {
                return writer.stream();
            }

            @Override
            public void commit() throws IOException {
                metrics.timedIo("commit", () -> {
                    writer.commit();
                    return null;
                });
            }

            @Override
            public void abort() {
                writer.abort();
            }
        };
    }

    @Override
    public InputStream read(String key, long offset, long length) throws IOException {
        return metrics.timedIo("read", () -> store.read(key, offset, length));
    }

    @Override
    public long size(String key) throws IOException {
        return metrics.timedIo("size", () -> store.size(key));
    }

    @Override
    public boolean exists(String key) throws IOException {
        return metrics.timedIo("exists", () -> store.exists(key));
    }

    @Override
    public void delete(String key) throws IOException {
        metrics.timedIo("delete", () -> {
            store.delete(key);
            return null;
        });
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        metrics.timedIo("delete_all", () -> {
            store.deleteAll(prefix);
            return null;
        });
    }

    @Override
    public void check() throws IOException {
        metrics.timedIo("check", () -> {
            store.check();
            return null;
        });
    }

    @Override
    public String describe() {
        return store.describe();
    }
}
