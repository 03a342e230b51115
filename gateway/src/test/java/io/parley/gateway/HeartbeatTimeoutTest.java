package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.TestSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** No frame for twice the heartbeat closes 4008; any frame keeps a socket alive. A short heartbeat keeps this quick. */
@QuarkusTest
@TestProfile(HeartbeatTimeoutTest.ShortHeartbeat.class)
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class HeartbeatTimeoutTest extends GatewayTest {

    public static class ShortHeartbeat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.gateway.ws.heartbeat-ms", "1000", "parley.gateway.ws.sweep-interval", "200ms");
        }
    }

    @Test
    void silentSocketIsClosed4008WhilePingingSocketStaysOpen() {
        TestSocket silent = connect(newId());
        TestSocket pinging = connect(newId());
        pinging.keepAlive(300);
        assertThat(silent.frames.get(0).getJsonObject("d").getInteger("heartbeatMs"), is(1000));
        assertThat(silent.awaitClose(), is(4008));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> !pinging.isClosed());
        pinging.close();
    }
}
