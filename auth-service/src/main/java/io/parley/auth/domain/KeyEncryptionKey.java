package io.parley.auth.domain;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The AES-256 key-encryption key ({@code parley.auth.keys.encryption-key}) that seals the private halves of the
 * signing keys auth-service generates, so that a copy of the auth database cannot mint tokens. AES-256-GCM with a
 * random 96-bit nonce per row and the key id as associated data: a sealed key moved to another row does not open.
 * Its value never appears in a message or in {@link #toString()}.
 *
 * <p>media-service's {@code MasterKey} decodes its key the same way; the two are kept apart because media's cipher
 * is a streaming format of its own and auth needs only this.
 */
public final class KeyEncryptionKey {

    public static final String PROPERTY = "parley.auth.keys.encryption-key";
    public static final String VARIABLE = "PARLEY_AUTH_KEYS_ENCRYPTION_KEY";
    /** The key being replaced, while a rotation of the key-encryption key re-seals the stored keys. */
    public static final String PREVIOUS_PROPERTY = "parley.auth.keys.previous-encryption-key";
    public static final String PREVIOUS_VARIABLE = "PARLEY_AUTH_KEYS_PREVIOUS_ENCRYPTION_KEY";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    private KeyEncryptionKey(byte[] raw) {
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** A private key as stored: the nonce and the ciphertext with its 16-byte tag. */
    public record Sealed(byte[] nonce, byte[] ciphertext) {
    }

    /**
     * The key from its setting: standard base64 of exactly 32 bytes ({@code openssl rand -base64 32}).
     *
     * @throws IllegalArgumentException naming the variable and the setting (never the value)
     */
    public static KeyEncryptionKey parse(String base64) {
        return parse(base64, VARIABLE + " (" + PROPERTY + ")");
    }

    /** {@link #parse} for the previous key, named so in its errors. */
    public static KeyEncryptionKey parsePrevious(String base64) {
        return parse(base64, PREVIOUS_VARIABLE + " (" + PREVIOUS_PROPERTY + ")");
    }

    private static KeyEncryptionKey parse(String base64, String setting) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not valid base64: give 32 random bytes in base64, "
                    + "e.g. the output of 'openssl rand -base64 32'");
        }
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException(setting + " must be base64 of exactly 32 bytes (AES-256), not "
                    + raw.length + " bytes: e.g. the output of 'openssl rand -base64 32'");
        }
        return new KeyEncryptionKey(raw);
    }

    /** A fresh random key, in the form {@link #parse} reads. */
    public static String generateBase64() {
        byte[] raw = new byte[KEY_BYTES];
        RANDOM.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    /** Encrypts {@code plaintext} for the row of {@code kid}, under a fresh random nonce. */
    public Sealed seal(String kid, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            return new Sealed(nonce, cipher(Cipher.ENCRYPT_MODE, kid, nonce).doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM encryption failed: " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts what {@link #seal} made for {@code kid}.
     *
     * @throws AEADBadTagException when this is not the key that sealed it, the row's kid differs or the bytes changed
     */
    public byte[] open(String kid, Sealed sealed) throws GeneralSecurityException {
        return cipher(Cipher.DECRYPT_MODE, kid, sealed.nonce()).doFinal(sealed.ciphertext());
    }

    private Cipher cipher(int mode, String kid, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[AES-256, value hidden]";
    }
}
