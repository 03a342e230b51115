package io.parley.media.service;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;

/**
 * Plaintext bytes {@code [offset, offset + length)} of a blob, decrypted one segment at a time from a ciphertext
 * stream that starts at the segment holding {@code offset}. A tampered segment fails the read, never passes bytes.
 */
final class DecryptingInputStream extends InputStream {

    private final InputStream sealed;
    private final SegmentCipher cipher;
    private final int lastIndex;
    private final int blobLastIndex;
    private int nextIndex;
    private int skip;
    private long remaining;
    private byte[] plain = new byte[0];
    private int pos;

    /**
     * @param lastIndex     the last segment the range needs
     * @param blobLastIndex the blob's own last segment, the one sealed with the "last" flag
     */
    DecryptingInputStream(InputStream sealed, SegmentCipher cipher, int firstIndex, int lastIndex, int blobLastIndex,
            int skipInFirst, long length) {
        this.sealed = sealed;
        this.cipher = cipher;
        this.nextIndex = firstIndex;
        this.lastIndex = lastIndex;
        this.blobLastIndex = blobLastIndex;
        this.skip = skipInFirst;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int off, int len) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        if (pos == plain.length && !nextSegment()) {
            throw new IOException("blob ended before its last segment");
        }
        int n = (int) Math.min(Math.min(len, plain.length - pos), remaining);
        System.arraycopy(plain, pos, into, off, n);
        pos += n;
        remaining -= n;
        return n;
    }

    @Override
    public void close() throws IOException {
        sealed.close();
    }

    private boolean nextSegment() throws IOException {
        if (nextIndex > lastIndex) {
            return false;
        }
        byte[] segment = sealed.readNBytes(SegmentCipher.SEGMENT + SegmentCipher.TAG);
        boolean last = nextIndex == blobLastIndex;
        if (segment.length < SegmentCipher.TAG || !last && segment.length < SegmentCipher.SEGMENT + SegmentCipher.TAG) {
            throw new IOException("truncated blob segment " + nextIndex);
        }
        try {
            plain = cipher.unseal(nextIndex++, segment, segment.length, last);
        } catch (GeneralSecurityException e) {
            throw new IOException("blob segment failed authentication", e);
        }
        pos = Math.min(skip, plain.length);
        skip = 0;
        return pos < plain.length || nextIndex <= lastIndex && nextSegment();
    }
}
