package io.parley.media.service;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The at-rest format of a blob: AES-256-GCM over fixed 64 KiB segments (the STREAM construction), so a blob can be
 * written and read streaming and a Range request decrypts only the segments it touches.
 * <pre>
 * header  = "PMB1" | wrap nonce (12) | data key wrapped by the master key with AES-GCM (32 + 16) | nonce prefix (8)
 * segment = AES-GCM(data key, nonce = prefix | segment index (4, big-endian), aad = 1 if last else 0)
 * </pre>
 * Every blob has its own random data key; the last-segment flag stops truncation at a segment boundary.
 */
public final class SegmentCipher {

    public static final int SEGMENT = 64 * 1024;
    public static final int TAG = 16;
    public static final int HEADER = 4 + 12 + 48 + 8;
    private static final byte[] MAGIC = {'P', 'M', 'B', '1'};
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey dataKey;
    private final byte[] noncePrefix;
    private final Cipher cipher;

    private SegmentCipher(SecretKey dataKey, byte[] noncePrefix) {
        this.dataKey = dataKey;
        this.noncePrefix = noncePrefix;
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    }

    /** A fresh data key and nonce prefix, with the header that stores them wrapped. */
    public static Sealing create(SecretKey masterKey) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        byte[] prefix = new byte[8];
        RANDOM.nextBytes(prefix);
        byte[] wrapNonce = new byte[12];
        RANDOM.nextBytes(wrapNonce);
        try {
            Cipher wrap = Cipher.getInstance("AES/GCM/NoPadding");
            wrap.init(Cipher.ENCRYPT_MODE, masterKey, new GCMParameterSpec(128, wrapNonce));
            wrap.updateAAD(MAGIC);
            byte[] wrapped = wrap.doFinal(raw);
            byte[] header = ByteBuffer.allocate(HEADER).put(MAGIC).put(wrapNonce).put(wrapped).put(prefix).array();
            return new Sealing(header, new SegmentCipher(new SecretKeySpec(raw, "AES"), prefix));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap a data key", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** @throws GeneralSecurityException when the header is not ours or the master key does not unwrap it */
    public static SegmentCipher open(SecretKey masterKey, byte[] header) throws GeneralSecurityException {
        if (header.length != HEADER || !Arrays.equals(Arrays.copyOf(header, 4), MAGIC)) {
            throw new GeneralSecurityException("not an encrypted Parley blob");
        }
        Cipher unwrap = Cipher.getInstance("AES/GCM/NoPadding");
        unwrap.init(Cipher.DECRYPT_MODE, masterKey, new GCMParameterSpec(128, header, 4, 12));
        unwrap.updateAAD(MAGIC);
        byte[] raw = unwrap.doFinal(header, 16, 48);
        try {
            return new SegmentCipher(new SecretKeySpec(raw, "AES"), Arrays.copyOfRange(header, 64, 72));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    public byte[] seal(int index, byte[] plain, int length, boolean last) throws GeneralSecurityException {
        cipher.init(Cipher.ENCRYPT_MODE, dataKey, nonce(index));
        cipher.updateAAD(new byte[] {(byte) (last ? 1 : 0)});
        return cipher.doFinal(plain, 0, length);
    }

    public byte[] unseal(int index, byte[] sealed, int length, boolean last) throws GeneralSecurityException {
        cipher.init(Cipher.DECRYPT_MODE, dataKey, nonce(index));
        cipher.updateAAD(new byte[] {(byte) (last ? 1 : 0)});
        return cipher.doFinal(sealed, 0, length);
    }

    /** Plaintext length of a blob of {@code blobLength} bytes (header included). */
    public static long plainLength(long blobLength) {
        return blobLength - HEADER - (long) TAG * segmentCount(blobLength);
    }

    /** Number of segments in a blob of {@code blobLength} bytes; an empty file still has one (empty, last). */
    public static int segmentCount(long blobLength) {
        long body = blobLength - HEADER;
        return (int) Math.max(1, (body + SEGMENT + TAG - 1) / (SEGMENT + TAG));
    }

    private GCMParameterSpec nonce(int index) {
        byte[] nonce = ByteBuffer.allocate(12).put(noncePrefix).putInt(index).array();
        return new GCMParameterSpec(128, nonce);
    }

    /** A new blob's header and the cipher for its segments. */
    public record Sealing(byte[] header, SegmentCipher cipher) {
    }
}
