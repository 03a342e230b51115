package io.parley.kit.testing;

import io.restassured.response.Response;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The callee's half of docs/internal-contract.md as one check: an {@code /internal} route of this service answers the
 * gateway's service credential, and gives everything else the very answer of an unknown route (404 NOT_FOUND).
 */
public final class InternalRouteChecks {

    private InternalRouteChecks() {
    }

    /**
     * @param path          an {@code /internal} route that answers 200 to the gateway
     * @param callee        this service ({@code quarkus.application.name})
     * @param otherCallee   another service that serves {@code /internal/*}
     * @param clientBearers client tokens ({@code Bearer ...}) by what they are, e.g. a user's and an admin's
     */
    public static void onlyTheGatewaysCredentialPasses(String path, String callee, String otherCallee,
            Map<String, String> clientBearers) {
        Response unknownRoute = given().get("/no-such-route");
        assertEquals(404, unknownRoute.statusCode(), "an unknown route");
        assertEquals(200, given().header("Authorization", ServiceTokens.gateway(callee)).get(path).statusCode(),
                "the gateway's service credential");
        Map<String, String> refused = new LinkedHashMap<>(clientBearers);
        refused.put("an expired service token", ServiceTokens.expired(callee));
        refused.put("a service token for " + otherCallee, ServiceTokens.gateway(otherCallee));
        refused.put("a service token of another key", ServiceTokens.otherKey(callee));
        refused.put("a bearer of nothing", "Bearer ");
        assertLikeAnUnknownRoute(given().get(path), unknownRoute, "no token");
        refused.forEach((what, authorization) -> assertLikeAnUnknownRoute(
                given().header("Authorization", authorization).get(path), unknownRoute, what));
    }

    private static void assertLikeAnUnknownRoute(Response answer, Response unknownRoute, String what) {
        assertEquals(404, answer.statusCode(), what);
        assertEquals("{\"code\":\"NOT_FOUND\",\"message\":\"no such resource\"}", answer.asString(), what);
        assertEquals(unknownRoute.asString(), answer.asString(), what + ": the body of an unknown route");
        assertEquals(unknownRoute.contentType(), answer.contentType(), what + ": the type of an unknown route");
    }
}
