package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.RawWebSocket;
import io.parley.gateway.support.TestSocket;
import io.parley.gateway.support.Tokens;
import io.parley.gateway.ws.GracefulShutdown;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * The shutdown drain is parley.gateway.shutdown.drain, not a constant: with 1 s configured, a client that never
 * answers the 1001 close holds shutdown for that second and no longer (Vert.x itself would wait 10 s for its answer;
 * the old constant was 5 s). Publishing instance.stopped afterwards may add up to 3 s.
 * Its own profile: the drained instance is not reused by other tests.
 */
@QuarkusTest
@TestProfile(ShutdownDrainTest.OneSecondDrain.class)
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class ShutdownDrainTest extends GatewayTest {

    public static class OneSecondDrain implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.gateway.shutdown.drain", "1s");
        }
    }

    @Inject
    GracefulShutdown shutdown;

    @Test
    void theConfiguredDrainBoundsHowLongShutdownWaitsForAClientThatNeverAnswersTheClose() throws Exception {
        assertThat(shutdown.drainTimeout(), is(Duration.ofSeconds(1)));
        try (RawWebSocket silent = RawWebSocket.connect(port(), Map.of("Authorization", "Bearer " + Tokens.valid(newId()),
                "X-Forwarded-For", TestSocket.randomIp()), 0)) {
            assertThat(silent.status, is(101));
            silent.readUntil("\"hello\"");
            long start = System.nanoTime();
            shutdown.drain(shutdown.drainTimeout());
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat("waited for the unanswered close", elapsedMs, greaterThanOrEqualTo(950L));
            // 1 s + at most 3 s for instance.stopped; a 5 s drain could not return before 5 s
            assertThat("but no longer than the configured drain", elapsedMs, lessThan(4_900L));
            assertThat(silent.readUntil("\u0000never").closeCode(), is(1001));
        }
    }
}
