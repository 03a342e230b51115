package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.*;

/** The /api/* reverse proxy: routing by prefix, headers, streamed bodies, a down service, and no way to /internal. */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class ProxyTest extends GatewayTest {

    @Test
    void requestReachesTheOwningServiceWithAuthorizationAndARequestId() {
        Response response = given().header("Authorization", "Bearer abc.def.ghi")
                .get("/api/auth/me?x=1");
        response.then().statusCode(200)
                .header("X-Request-Id", not(emptyOrNullString()))
                .body("method", is("GET"))
                .body("uri", is("/api/auth/me?x=1"))
                .body("authorization", is("Bearer abc.def.ghi"))
                .body("requestId", is(response.header("X-Request-Id")))
                .body("forwardedFor", is("127.0.0.1"));
    }

    @Test
    void clientRequestIdIsKept() {
        given().header("X-Request-Id", "trace-123").get("/api/channels/public")
                .then().statusCode(200).body("requestId", is("trace-123"));
    }

    @Test
    void largeUploadStreamsThroughWhole() {
        byte[] body = new byte[20 * 1024 * 1024];
        new java.util.Random(7).nextBytes(body);
        given().contentType("application/octet-stream").body(body).post("/api/auth/upload")
                .then().statusCode(200).body("bodyBytes", is(body.length));
        // with an access token the write is held (paused) while the gateway verifies it for the user's budget
        given().auth().oauth2(Tokens.valid(newId())).contentType("application/octet-stream").body(body)
                .post("/api/auth/upload").then().statusCode(200).body("bodyBytes", is(body.length));
    }

    @Test
    void downServiceAnswers503UnavailableQuickly() {
        long started = System.nanoTime();
        given().get("/api/media/" + newId()).then().statusCode(503)
                .body("code", is("UNAVAILABLE"))
                .body("message", not(emptyOrNullString()));
        // a refused connection is reported, not waited out (bounded by the connect timeout, 2 s)
        assertThat((System.nanoTime() - started) / 1_000_000_000.0, lessThan(10.0));
    }

    @Test
    void internalRoutesAndUnknownPrefixesAreNotProxied() {
        int before = doubles.proxied.size();
        given().urlEncodingEnabled(false).get("/api/channels/%2e%2e/%2e%2e/internal/channels/x/access")
                .then().statusCode(404);
        given().urlEncodingEnabled(false).get("/api/channels/../../internal/channels/x/events")
                .then().statusCode(anyOf(is(404), is(400)));
        given().urlEncodingEnabled(false).get("/api/channels/x%2F..%2F..%2Finternal/channels/x/events")
                .then().statusCode(404);
        given().get("/internal/channels/x/access").then().statusCode(404);
        given().get("/api/nothing-here").then().statusCode(404).body("code", is("NOT_FOUND"));
        assertThat(doubles.proxied.size(), is(before));
    }

    @Test
    void requestLinesUpToThe32KiBOfTheContractPassAndLongerOnesGetItsJsonError() {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            ids.append(i == 0 ? "" : ",").append(newId());
        }
        given().urlEncodingEnabled(false).get("/api/presence?userIds=" + ids)
                .then().statusCode(200).body("uri", is("/api/presence?userIds=" + ids));
        // "GET " + target + " HTTP/1.1" of exactly 32 KiB, then one byte more
        String prefix = "/api/presence?userIds=";
        String exact = prefix + "a".repeat(32 * 1024 - "GET  HTTP/1.1".length() - prefix.length());
        given().urlEncodingEnabled(false).get(exact).then().statusCode(200);
        given().urlEncodingEnabled(false).get(exact + "a").then().statusCode(414)
                .contentType("application/json")
                .body("code", is("TOO_LARGE"))
                .body("message", not(emptyOrNullString()));
    }
}
