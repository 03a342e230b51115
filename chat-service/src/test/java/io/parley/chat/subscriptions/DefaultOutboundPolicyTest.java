package io.parley.chat.subscriptions;

import io.parley.kit.net.OutboundGuard;
import io.parley.kit.net.OutboundRefusedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped configuration (no test profile): no internal address is reachable by an outbound URL. */
class DefaultOutboundPolicyTest {

    @Test
    void theDefaultConfigurationRefusesLoopbackAndPrivateAddresses() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        String allowed = properties.getProperty("parley.integrations.allowed-hosts");
        assertEquals("", allowed, "the production default allows nothing internal");
        OutboundGuard guard = new OutboundGuardProducer().guard(allowed.isEmpty() ? Optional.empty()
                : Optional.of(Arrays.asList(allowed.split(","))));
        for (String url : List.of("http://127.0.0.1:8082/api/channels", "http://10.0.0.1/", "http://localhost:9092/",
                "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0:8081/", "http://[::ffff:127.0.0.1]/")) {
            OutboundRefusedException refused = assertThrows(OutboundRefusedException.class, () -> guard.check(url), url);
            assertTrue(refused.getMessage().contains("address"), refused.getMessage());
        }
    }
}
