package io.parley.session;

import io.parley.devstack.DevstackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Shared arrangement of the registry tests: a gateway double heartbeating on the real session.events, taps on the
 * real presence.events and session.commands, and the service's own pool to look at what it stored.
 */
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "sessions"))
abstract class LiveRegistryTest {

    /** Long enough that the double's sessions never expire during a test; the expiry test uses its own gateway. */
    static final long STEADY_INTERVAL_MS = 120_000;

    // one Quarkus app serves every test class, so the double and the taps live for the whole run
    static TestGateway gateway;
    static TopicTap presenceEvents;
    static TopicTap sessionCommands;

    @Inject
    Pool pool;

    @BeforeEach
    void arrangeOnce() {
        if (gateway != null) {
            return;
        }
        presenceEvents = new TopicTap("presence.events");
        sessionCommands = new TopicTap("session.commands");
        gateway = new TestGateway();
        awaitConsuming(gateway, STEADY_INTERVAL_MS);
    }

    /** The service reads session.events from the latest offset: heartbeat until one is seen stored. */
    void awaitConsuming(TestGateway gw, long intervalMs) {
        eventually().until(() -> {
            gw.heartbeat(intervalMs);
            return pool.preparedQuery("SELECT 1 FROM gateway_instances WHERE instance_id = $1")
                    .execute(Tuple.of(gw.instance)).await().atMost(Duration.ofSeconds(5)).size() == 1;
        });
    }

    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100));
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    static UUID newUser() {
        return UUID.randomUUID();
    }

    long liveSessions(UUID userId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM sessions WHERE user_id = $1 AND closed_at IS NULL")
                .execute(Tuple.of(userId)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong("n");
    }

    long knownSessions(UUID userId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM sessions WHERE user_id = $1")
                .execute(Tuple.of(userId)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong("n");
    }
}
