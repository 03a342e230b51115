package io.parley.media.service;

import io.parley.media.repository.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;

/** The blob store seen through encryption at rest: plaintext in and out, only ciphertext ever stored. Blocking. */
@ApplicationScoped
public class EncryptedBlobs {

    private final BlobStore store;
    private final MasterKey masterKey;

    public EncryptedBlobs(BlobStore store, MasterKey masterKey) {
        this.store = store;
        this.masterKey = masterKey;
    }

    /** A new encrypted blob: write plaintext to {@link Sink#plaintext()}, then {@link Sink#commit()} or abort. */
    public Sink create(String key) throws IOException {
        BlobStore.Writer writer = store.create(key);
        try {
            return new Sink(writer, new EncryptingOutputStream(writer.stream(), SegmentCipher.create(masterKey.key())));
        } catch (IOException | RuntimeException e) {
            writer.abort();
            throw e;
        }
    }

    public boolean exists(String key) throws IOException {
        return store.exists(key);
    }

    /** Removes a blob; a missing one is not an error. */
    public void delete(String key) throws IOException {
        store.delete(key);
    }

    /** Removes every blob under {@code prefix/}. */
    public void deleteAll(String prefix) throws IOException {
        store.deleteAll(prefix);
    }

    /** The whole plaintext of a small blob (a cached thumbnail). */
    public byte[] readAll(String key) throws IOException {
        try (InputStream in = open(key, 0, Long.MAX_VALUE)) {
            return in.readAllBytes();
        }
    }

    /** Plaintext bytes {@code [offset, offset + length)}, clamped to the blob's end. */
    public InputStream open(String key, long offset, long length) throws IOException {
        long blobLength = store.size(key);
        long plainLength = SegmentCipher.plainLength(blobLength);
        long wanted = Math.max(0, Math.min(length, plainLength - offset));
        SegmentCipher cipher = unwrap(key);
        int lastSegment = SegmentCipher.segmentCount(blobLength) - 1;
        int first = (int) Math.min(offset / SegmentCipher.SEGMENT, lastSegment);
        int last = wanted == 0 ? first : (int) ((offset + wanted - 1) / SegmentCipher.SEGMENT);
        long sealedStart = SegmentCipher.HEADER + (long) first * (SegmentCipher.SEGMENT + SegmentCipher.TAG);
        // only the segments the range touches: on S3 this is the ranged GET's length
        long sealedEnd = Math.min(blobLength,
                SegmentCipher.HEADER + (long) (Math.max(last, first) + 1) * (SegmentCipher.SEGMENT + SegmentCipher.TAG));
        InputStream sealed = store.read(key, sealedStart, sealedEnd - sealedStart);
        int skip = (int) (offset - (long) first * SegmentCipher.SEGMENT);
        return new DecryptingInputStream(sealed, cipher, first, Math.max(last, first), lastSegment, skip, wanted);
    }

    private SegmentCipher unwrap(String key) throws IOException {
        byte[] header;
        try (InputStream in = store.read(key, 0, SegmentCipher.HEADER)) {
            header = in.readNBytes(SegmentCipher.HEADER);
        }
        try {
            return SegmentCipher.open(masterKey.key(), header);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot unwrap the data key of blob " + key + " (wrong master key?)", e);
        }
    }

    /** A blob being written in plaintext. */
    public static final class Sink implements AutoCloseable {

        private final BlobStore.Writer writer;
        private final EncryptingOutputStream plaintext;

        Sink(BlobStore.Writer writer, EncryptingOutputStream plaintext) {
            this.writer = writer;
            this.plaintext = plaintext;
        }

        public OutputStream plaintext() {
            return plaintext;
        }

        /** Seals the last segment and makes the blob visible. */
        public void commit() throws IOException {
            plaintext.close();
            writer.commit();
        }

        public void abort() {
            writer.abort();
        }

        @Override
        public void close() {
            writer.abort();
        }
    }
}
