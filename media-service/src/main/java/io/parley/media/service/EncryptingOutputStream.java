package io.parley.media.service;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;

/**
 * Writes a blob in {@link SegmentCipher}'s format: the header, then each 64 KiB of plaintext sealed as a segment.
 * A full segment is only sealed once more bytes arrive, because only {@link #close()} knows which one is last.
 */
final class EncryptingOutputStream extends OutputStream {

    private final OutputStream out;
    private final SegmentCipher cipher;
    private final byte[] buffer = new byte[SegmentCipher.SEGMENT];
    private int buffered;
    private int index;
    private boolean closed;

    EncryptingOutputStream(OutputStream out, SegmentCipher.Sealing sealing) throws IOException {
        this.out = out;
        this.cipher = sealing.cipher();
        out.write(sealing.header());
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        int pos = off;
        int end = off + len;
        while (pos < end) {
            if (buffered == buffer.length) {
                sealBuffer(false);
            }
            int n = Math.min(buffer.length - buffered, end - pos);
            System.arraycopy(bytes, pos, buffer, buffered, n);
            buffered += n;
            pos += n;
        }
    }

    /** Seals the last segment; the underlying stream stays open (its writer commits or aborts it). */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            sealBuffer(true);
            out.flush();
        }
    }

    private void sealBuffer(boolean last) throws IOException {
        try {
            out.write(cipher.seal(index++, buffer, buffered, last));
            buffered = 0;
        } catch (GeneralSecurityException e) {
            throw new IOException("segment encryption failed", e);
        }
    }
}
