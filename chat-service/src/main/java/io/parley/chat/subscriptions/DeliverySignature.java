package io.parley.chat.subscriptions;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The delivery signature: {@code X-Parley-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, the
 * timestamp being {@code X-Parley-Timestamp} (Unix seconds) so a receiver can refuse old replays.
 */
final class DeliverySignature {

    static final String DELIVERY_HEADER = "X-Parley-Delivery";
    static final String TIMESTAMP_HEADER = "X-Parley-Timestamp";
    static final String SIGNATURE_HEADER = "X-Parley-Signature";

    private static final SecureRandom RANDOM = new SecureRandom();

    private DeliverySignature() {
    }

    /** A new subscription secret: {@code psub_} + base64url of 32 random bytes. */
    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "psub_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
