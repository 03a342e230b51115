package io.parley.session;

import io.parley.devstack.DevstackResource;
import io.parley.kit.testing.InternalRouteChecks;
import io.parley.kit.testing.ServiceTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;

/**
 * /internal/presence answers only the gateway's service credential (docs/internal-contract.md); a client's token (even
 * an admin's), no token, and a service token that is expired, for another callee or of another key get the 404 of an
 * unknown route.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "sessions"))
class InternalCredentialTest {

    @Test
    void onlyTheGatewaysCredentialReachesThePresenceQuery() {
        String path = "/internal/presence?userIds=" + UUID.randomUUID();
        InternalRouteChecks.onlyTheGatewaysCredentialPasses(path, "session-service", "chat-service", Map.of(
                "a user's token", "Bearer " + Tokens.user(UUID.randomUUID()),
                "an admin's token", "Bearer " + Tokens.admin(UUID.randomUUID())));
        given().header("Authorization", ServiceTokens.gateway("session-service")).get(path).then().statusCode(200)
                .body("presence", hasSize(1));
    }
}
