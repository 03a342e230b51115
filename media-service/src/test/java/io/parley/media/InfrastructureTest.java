package io.parley.media;

import io.parley.devstack.DevstackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** media-service starts on real PostgreSQL and Kafka: migrations applied, health and metrics served. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "media"))
class InfrastructureTest {

    @Inject
    Pool pool;

    @Test
    void migrationsAreAppliedToTheServiceDatabase() {
        var rows = pool.query("SELECT count(*) AS n FROM flyway_schema_history WHERE success").execute()
                .await().atMost(Duration.ofSeconds(10));
        assertTrue(rows.iterator().next().getLong("n") >= 1, "at least one successful migration");
        var db = pool.query("SELECT current_database() AS db").execute().await().atMost(Duration.ofSeconds(10));
        org.junit.jupiter.api.Assertions.assertEquals("media", db.iterator().next().getString("db"));
    }

    @Test
    void readinessChecksTheDatabaseAndKafka() {
        // just after start the service is not ready yet, until its Kafka consumers have their partitions
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then()
                        .statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.name", hasItems("Reactive PostgreSQL connections health check",
                                "Kafka connection health check")));
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
        given().when().get("/q/openapi?format=json").then().statusCode(200).body("openapi", org.hamcrest.Matchers.startsWith("3."));
    }
}
