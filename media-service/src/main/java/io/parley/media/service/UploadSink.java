package io.parley.media.service;

import io.parley.kit.error.TooLargeException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One upload on its way into the encrypted blob store: counts and hashes the bytes as they pass, keeps the head for
 * content detection, and stops at the limit. Blocking, single-threaded: its caller serialises the calls on a worker.
 */
public final class UploadSink {

    private final UUID id;
    private final String storageKey;
    private final EncryptedBlobs.Sink blob;
    private final MessageDigest sha256;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final long allowance;
    private final long maxUpload;
    private final String quotaMessage;
    private long count;

    UploadSink(UUID id, String storageKey, EncryptedBlobs.Sink blob, long allowance, long maxUpload,
            String quotaMessage) {
        this.id = id;
        this.storageKey = storageKey;
        this.blob = blob;
        this.allowance = allowance;
        this.maxUpload = maxUpload;
        this.quotaMessage = quotaMessage;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws TooLargeException once the bytes pass the upload limit or the user's remaining quota */
    public void write(byte[] bytes) throws IOException {
        count += bytes.length;
        if (count > allowance) {
            throw count > maxUpload
                    ? new TooLargeException("the file exceeds the upload limit of " + maxUpload + " bytes")
                    : new TooLargeException(quotaMessage);
        }
        if (head.size() < ContentSniffer.HEAD_BYTES) {
            head.write(bytes, 0, Math.min(bytes.length, ContentSniffer.HEAD_BYTES - head.size()));
        }
        sha256.update(bytes);
        blob.plaintext().write(bytes);
    }

    /** Seals and publishes the blob. */
    public Sealed commit() throws IOException {
        blob.commit();
        return new Sealed(id, storageKey, count, HexFormat.of().formatHex(sha256.digest()), head.toByteArray());
    }

    /** Drops everything written so far; nothing stays on disk. */
    public void abort() {
        blob.abort();
    }

    /** A committed upload's facts. */
    public record Sealed(UUID id, String storageKey, long size, String sha256, byte[] head) {
    }
}
