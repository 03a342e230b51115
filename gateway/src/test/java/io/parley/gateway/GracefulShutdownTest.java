package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.events.Topics;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.RecordTail;
import io.parley.gateway.support.TestSocket;
import io.parley.gateway.support.Tokens;
import io.parley.gateway.ws.GracefulShutdown;
import io.parley.kit.instance.InstanceIdentity;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Shutdown drains: new sockets refused, open ones closed 1001, instance.stopped published. Its own app instance. */
@QuarkusTest
@TestProfile(GracefulShutdownTest.Draining.class)
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class GracefulShutdownTest extends GatewayTest {

    /** A profile of its own: the drained instance is not reused by other tests. */
    public static class Draining implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.gateway.heartbeat-interval", "5s");
        }
    }

    @Inject
    GracefulShutdown shutdown;

    @Inject
    InstanceIdentity instance;

    @Test
    void drainRefusesNewSocketsClosesOpenOnes1001AndAnnouncesTheStop() {
        TestSocket open = connect(newId());
        try (RecordTail tail = new RecordTail(Topics.SESSION_EVENTS.name())) {
            shutdown.drain(Duration.ofSeconds(5));
            assertThat(open.awaitClose(), is(1001));
            tail.await(e -> "instance.stopped".equals(e.type()) && instance.id().equals(e.data().path("instance").asText()));
        }
        var refusal = TestSocket.attempt(port(), Map.of("Authorization", "Bearer " + Tokens.valid(newId()),
                "X-Forwarded-For", TestSocket.randomIp()), "/ws");
        assertThat(refusal.status(), is(503));
    }
}
