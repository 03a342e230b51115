package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.gateway.support.JwksDouble;
import io.parley.gateway.support.RawWebSocket;
import io.parley.gateway.support.TestSocket;
import io.parley.gateway.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * auth-service's JWKS is unreachable (connection refused): a token that would otherwise be valid cannot be checked,
 * so the upgrade answers 503 UNAVAILABLE with Retry-After (retry later), not 401 (which tells a client to drop its
 * token). What is wrong on its face is still 401.
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(JwksDouble.Unreachable.class)
class JwksUnreachableTest {

    @TestHTTPResource("/")
    URI base;

    private RawWebSocket upgrade(Map<String, String> headers) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("X-Forwarded-For", TestSocket.randomIp());
        return RawWebSocket.connect(base.getPort(), all, 0);
    }

    @Test
    void aTokenThatCannotBeVerifiedIs503UnavailableWithRetryAfter() throws Exception {
        for (int attempt = 0; attempt < 2; attempt++) { // the first fetch and a later one: both fail, both 503
            try (RawWebSocket socket = upgrade(Map.of("Authorization", "Bearer " + Tokens.valid(UUID.randomUUID().toString())))) {
                assertThat(socket.status, is(503));
                assertThat(socket.header("Retry-After"), is("1"));
                assertThat(new JsonObject(socket.refusalBody()).getString("code"), is("UNAVAILABLE"));
            }
        }
    }

    @Test
    void whatIsWrongOnItsFaceIsStill401() throws Exception {
        try (RawWebSocket none = upgrade(Map.of())) {
            assertThat(none.status, is(401));
        }
        try (RawWebSocket garbage = upgrade(Map.of("Authorization", "Bearer not-a-jwt"))) {
            assertThat(garbage.status, is(401));
        }
        try (RawWebSocket expired = upgrade(Map.of("Authorization", "Bearer " + Tokens.expired(UUID.randomUUID().toString())))) {
            assertThat(expired.status, is(401));
        }
    }
}
