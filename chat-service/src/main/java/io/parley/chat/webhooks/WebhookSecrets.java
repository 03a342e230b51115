package io.parley.chat.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A webhook's secret: 256 random bits, base64url without padding (43 characters), shown once in the webhook's URL;
 * only its SHA-256 is stored (a secret this random needs no slow hash), compared in constant time.
 */
final class WebhookSecrets {

    /** The length of every secret this class makes; anything else cannot match. */
    static final int LENGTH = 43;

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {
    }

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** Constant time in the content of both (MessageDigest.isEqual), so a wrong guess learns nothing from timing. */
    static boolean matches(byte[] storedHash, byte[] presentedHash) {
        return storedHash != null && MessageDigest.isEqual(storedHash, presentedHash);
    }
}
