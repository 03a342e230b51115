package io.parley.chat;

import io.parley.chat.support.TestUsers;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.devstack.DevstackResource;
import io.parley.kit.testing.InternalRouteChecks;
import io.parley.kit.testing.ServiceTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.parley.chat.support.Api.channel;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * /internal/* answers only the gateway's service credential (docs/internal-contract.md); everything else gets the 404
 * of an unknown route, whatever the path's spelling, the token or its absence.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class InternalCredentialTest {

    @Inject
    Pool pool;

    @Test
    void onlyTheGatewaysCredentialReachesTheAccessQuery() {
        TestUser owner = TestUsers.create(pool);
        TestUser admin = TestUsers.create(pool, true);
        String path = "/internal/channels/" + channel(owner, "public") + "/access?userId=" + owner.id();
        InternalRouteChecks.onlyTheGatewaysCredentialPasses(path, "chat-service", "session-service", Map.of(
                "a user's token", "Bearer " + owner.token(),
                "an admin's token", "Bearer " + admin.token()));
        given().header("Authorization", ServiceTokens.gateway("chat-service")).get(path).then().statusCode(200)
                .body("access", equalTo("member"));
    }

    @Test
    void aNewInternalRouteIsGuardedByItsPathAlone() {
        for (String path : new String[] {"/internal/probe", "//internal/probe", "/%69nternal/probe",
                "/q/../internal/probe", "/internal/./probe", "/INTERNAL/probe"}) {
            given().urlEncodingEnabled(false).get(path).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
            given().urlEncodingEnabled(false).header("Authorization", "Bearer " + TestUsers.create(pool, true).token())
                    .get(path).then().statusCode(404);
        }
        // the credential opens it, and is gone before the resource: it is not a user
        given().header("Authorization", ServiceTokens.gateway("chat-service")).get("/internal/probe").then()
                .statusCode(200).body(equalTo("reached"));
    }

    @Test
    void refusalsAreCountedByReason() {
        double before = refused("missing");
        given().get("/internal/probe").then().statusCode(404);
        given().header("Authorization", ServiceTokens.expired("chat-service")).get("/internal/probe").then()
                .statusCode(404);
        assertEquals(before + 1, refused("missing"));
        given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("parley_internal_refused_total{reason=\"expired\""));
    }

    private static double refused(String reason) {
        String metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("parley_internal_refused_total{")
                        && line.contains("reason=\"" + reason + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no parley_internal_refused_total for " + reason
                        + " in " + metrics.lines().filter(line -> line.contains("internal")).toList()));
    }
}
