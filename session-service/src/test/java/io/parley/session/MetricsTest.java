package io.parley.session;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

/** The registry's own meters are scraped from /q/metrics. */
@QuarkusTest
class MetricsTest extends LiveRegistryTest {

    @Test
    void liveSessionsPerGatewayAndPresenceChangesAreExposed() {
        try (TestGateway counted = new TestGateway()) {
            awaitConsuming(counted, STEADY_INTERVAL_MS);
            UUID user = newUser();
            counted.open(user);
            counted.open(newUser());

            eventually().untilAsserted(() -> given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                    // the Prometheus text may or may not end a label set with a comma
                    .body(matchesPattern("(?s).*parley_sessions_per_gateway\\{gateway=\"" + counted.instance
                            + "\",?} 2\\.0.*"))
                    .body(containsString("# TYPE parley_sessions_live gauge"))
                    .body(containsString("parley_presence_changes_total{status=\"online\""))
                    .body(containsString("parley_sessions_opened_total")));
        }
    }
}
