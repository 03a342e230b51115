package io.parley.kit.testing;

import io.vertx.mutiny.sqlclient.Pool;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every service with a database shows once started on real PostgreSQL and Kafka: its migrations applied to its
 * own database, readiness that checks both, liveness, Prometheus metrics and its OpenAPI document. A service's
 * {@code InfrastructureTest} extends it (a {@code @QuarkusTest} with the devstack) and names its database.
 */
public abstract class ServiceInfrastructureContract {

    /** The service's reactive pool (an injected field of the test). */
    protected abstract Pool pool();

    /** The service's own database, e.g. {@code chat}. */
    protected abstract String database();

    /** The readiness checks the service reports; the database and Kafka ones at least. */
    protected List<String> readinessChecks() {
        return List.of("Reactive PostgreSQL connections health check", "Kafka connection health check");
    }

    @Test
    void migrationsAreAppliedToTheServiceDatabase() {
        var rows = pool().query("SELECT count(*) AS n FROM flyway_schema_history WHERE success").execute()
                .await().atMost(Duration.ofSeconds(10));
        assertTrue(rows.iterator().next().getLong("n") >= 1, "at least one successful migration");
        var db = pool().query("SELECT current_database() AS db").execute().await().atMost(Duration.ofSeconds(10));
        assertEquals(database(), db.iterator().next().getString("db"));
    }

    @Test
    void readinessChecksTheDatabaseAndKafka() {
        // just after start a service is not ready yet: its Kafka consumers wait for partitions, a ban list for the
        // end of auth.users
        String[] checks = readinessChecks().toArray(String[]::new);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then()
                        .statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.name", hasItems(checks)));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsArePrometheusText() {
        given().accept("text/plain").when().get("/q/metrics").then()
                .statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }

    @Test
    void openApiDocumentsTheService() {
        given().when().get("/q/openapi?format=json").then().statusCode(200).body("openapi", startsWith("3."));
    }
}
