package io.parley.gateway.warmup;

import io.parley.devstack.DevstackResource;
import io.parley.gateway.service.SocketRegistry;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.TestSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The start-up warm-up inside a real gateway (real Kafka of the devstack): readiness waits for it and then names it
 * done, its duration is a metric, none of its loopback sockets is left registered as a client, and a client connects
 * as usual afterwards.
 */
@QuarkusTest
@TestProfile(StartupWarmUpTest.WarmUpOn.class)
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class StartupWarmUpTest extends GatewayTest {

    public static class WarmUpOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.gateway.warm-up.enabled", "true",
                    "parley.gateway.warm-up.tokens", "200",
                    "parley.gateway.warm-up.sockets", "10",
                    "parley.gateway.warm-up.handshakes", "50",
                    "parley.gateway.warm-up.rounds", "20");
        }
    }

    @Inject
    StartupWarmUp warmUp;

    @Inject
    SocketRegistry registry;

    @Test
    void readinessWaitsForTheWarmUpWhichLeavesNoSocketBehind() {
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        JsonPath health = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(health.getString("checks.find { it.name == 'gateway warm-up' }.status"), is("UP"));
        assertThat(health.getString("checks.find { it.name == 'gateway warm-up' }.data.warmUp"), is("done"));
        assertThat(warmUp.outcome(), is("done"));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String line = metrics.lines().filter(l -> l.startsWith("parley_gateway_warm_up_seconds")).findFirst()
                .orElse(null);
        assertThat("the warm-up's duration is a metric", line, notNullValue());
        assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), greaterThan(0.0));

        assertThat("no loopback socket is a client", registry.size(), is(0));
        TestSocket client = connect(newId());
        client.awaitFrame(f -> "hello".equals(f.getString("op")));
        assertThat(registry.size(), is(1));
        client.close();
    }
}
