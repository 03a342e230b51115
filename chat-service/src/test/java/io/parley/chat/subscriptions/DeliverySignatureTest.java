package io.parley.chat.subscriptions;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliverySignatureTest {

    @Test
    void theSignatureIsHmacSha256OfTimestampDotBodyInHexWithItsVersion() {
        // the expected value from `printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac psub_test`
        assertEquals("v1=81c8dd60f1fc2267e7be5d70eefd3f13a43844d873562650a4eb0075f3c4032b",
                DeliverySignature.sign("psub_test", 1700000000L, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void secretsAreLongRandomAndPrefixed() {
        String a = DeliverySignature.newSecret();
        String b = DeliverySignature.newSecret();
        assertTrue(a.matches("psub_[A-Za-z0-9_-]{43}"), a);
        assertTrue(!a.equals(b));
    }
}
