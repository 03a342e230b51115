package io.parley.session;

import io.parley.devstack.DevstackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * session.events through a PostgreSQL outage longer than any retry budget (the database behind a proxy the test
 * cuts): the records sent meanwhile wait in their handler, readiness is DOWN all along, and once the database is
 * back every one of them is applied, in order, and the channel goes on consuming.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.Outage.class)
@WithTestResource(DevstackResource.class)
@WithTestResource(SessionsDatabaseProxy.class)
class DatabaseOutageTest {

    /** Its own application: the datasource goes through the proxy. */
    public static class Outage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of();
        }
    }

    /**
     * Longer than the retry budget before this fix (30 tries, backoff to 5 s: about 2 minutes) and than SmallRye's
     * default unprocessed-record age (60 s), either of which lost the records.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(130);
    private static final long QUIET_INTERVAL_MS = 3_600_000;

    @Inject
    Pool pool;

    PostgresProxy database;

    @Test
    void sessionEventsSentDuringALongOutageAreAppliedWhenTheDatabaseIsBack() throws Exception {
        UUID user = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        try (TestGateway gateway = new TestGateway()) {
            // the service reads from the latest offset: heartbeat until one is stored
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                gateway.heartbeat(QUIET_INTERVAL_MS);
                return count("SELECT count(*) AS n FROM gateway_instances WHERE instance_id = $1", gateway.instance) == 1;
            });
            try {
                database.cut();
                gateway.open(first, user, java.time.Instant.now());
                gateway.open(second, user, java.time.Instant.now());
                gateway.close(first, user);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                        .statusCode(503).body("checks.find { it.name == 'session events' }.status", equalTo("DOWN")));
                // the whole outage long, the records wait and readiness says so
                await().during(OUTAGE).atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofSeconds(2))
                        .until(() -> given().get("/q/health/ready").then().extract()
                                .path("checks.find { it.name == 'session events' }.status"), equalTo("DOWN"));
            } finally {
                database.restore();
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    count("SELECT count(*) AS n FROM sessions WHERE user_id = $1", user) == 2
                            && count("SELECT count(*) AS n FROM sessions WHERE user_id = $1 AND closed_at IS NULL", user) == 1
                            && count("SELECT count(*) AS n FROM sessions WHERE session_id = $1 AND closed_at IS NULL", second) == 1);
            // and the channel still consumes what comes after
            UUID third = UUID.randomUUID();
            gateway.open(third, user, java.time.Instant.now());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> count("SELECT count(*) AS n FROM sessions WHERE session_id = $1", third) == 1);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        }
    }

    private long count(String sql, Object parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong("n");
    }
}
