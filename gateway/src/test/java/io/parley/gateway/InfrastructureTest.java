package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/** The gateway starts on a real Kafka broker: health (Kafka included) and metrics served; the web client at /. */
@QuarkusTest
@WithTestResource(DevstackResource.class)
class InfrastructureTest {

    @Test
    void readinessChecksKafka() {
        // just after start the service is not ready yet, until its fan-out consumers have their partitions
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then()
                        .statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.name", hasItem("Kafka connection health check")));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsArePrometheusText() {
        given().accept("text/plain").when().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }

    @Test
    void openApiDocumentsTheService() {
        given().when().get("/q/openapi?format=json").then().statusCode(200).body("openapi", startsWith("3."));
    }

    @Test
    void servesTheWebClientFromItsJar() {
        // web/ (parley-web) puts the client in its jar's META-INF/resources: the same files at the same URLs
        given().when().get("/").then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<script type=\"module\" src=\"js/app.js\"></script>"));
        given().when().get("/index.html").then().statusCode(200).contentType(startsWith("text/html"));
        given().when().get("/parley.css").then().statusCode(200).contentType(startsWith("text/css"));
        given().when().get("/js/app.js").then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("import * as chat from './chat.js';"));
        given().when().get("/js/views/messages.js").then().statusCode(200).contentType(containsString("javascript"));
        given().when().get("/js/no-such-file.js").then().statusCode(404);
    }
}
