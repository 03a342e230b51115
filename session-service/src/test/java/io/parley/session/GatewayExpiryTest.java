package io.parley.session;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A crashed or stopped gateway does not leave its users online. */
@QuarkusTest
class GatewayExpiryTest extends LiveRegistryTest {

    private static final long FAST_INTERVAL_MS = 300;

    private List<String> statuses(UUID user) {
        return presenceEvents.of("presence.updated", user.toString()).stream()
                .map(e -> e.data().path("status").asText()).toList();
    }

    private String closeReason(UUID session) {
        return pool.preparedQuery("SELECT close_reason FROM sessions WHERE session_id = $1").execute(Tuple.of(session))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getString("close_reason");
    }

    @Test
    void gatewayThatStopsHeartbeatingHasItsSessionsExpiredAndUsersGoOffline() {
        try (TestGateway crashing = new TestGateway()) {
            awaitConsuming(crashing, FAST_INTERVAL_MS);
            UUID user = newUser();
            UUID session = crashing.open(user);
            eventually().until(() -> statuses(user).equals(List.of("online")));

            // the gateway dies: no close, no stop, just silence

            eventually().until(() -> liveSessions(user) == 0);
            assertEquals("gateway-expired", closeReason(session));
            eventually().until(() -> statuses(user).equals(List.of("online", "offline")));
        }
    }

    @Test
    void heartbeatingGatewayKeepsItsSessions() {
        try (TestGateway healthy = new TestGateway()) {
            awaitConsuming(healthy, FAST_INTERVAL_MS);
            UUID user = newUser();
            healthy.open(user);
            eventually().until(() -> liveSessions(user) == 1);

            // several miss windows pass while it keeps beating
            eventually().during(Duration.ofMillis(FAST_INTERVAL_MS * 6)).atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(FAST_INTERVAL_MS / 3))
                    .until(() -> {
                        healthy.heartbeat(FAST_INTERVAL_MS);
                        return liveSessions(user) == 1;
                    });
        }
    }

    @Test
    void stoppedGatewayHasItsSessionsClosedAtOnce() {
        try (TestGateway stopping = new TestGateway()) {
            awaitConsuming(stopping, STEADY_INTERVAL_MS);
            UUID user = newUser();
            UUID session = stopping.open(user);
            eventually().until(() -> liveSessions(user) == 1);

            stopping.stopped();

            eventually().until(() -> liveSessions(user) == 0);
            assertEquals("gateway-stopped", closeReason(session));
            eventually().until(() -> statuses(user).equals(List.of("online", "offline")));
        }
    }
}
