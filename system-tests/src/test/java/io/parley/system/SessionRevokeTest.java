package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.system.ParleyStack.TestUser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Issue 18.7e end to end: {@code DELETE /api/sessions/{id}} ends that login (its refresh-token family) across
 * processes: the gateway closes the socket 4009 and refuses the session's access token from then on, auth-service
 * refuses its refresh token, and the same user's other login keeps working.
 */
class SessionRevokeTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    private final ParleyStack stack = ParleyStack.get();
    private final Rest rest = stack.rest();

    @Test
    void revokingASessionEndsItsLoginWhileTheOtherLoginKeepsWorking() throws Exception {
        TestUser user = stack.newUser("revoke");
        Login first = login(user);
        Login second = login(user);
        assertNotEquals(first.family(), second.family(), "two logins are two token families");

        try (WsClient phone = WsClient.connect(stack.port("gateway-a"), first.accessToken());
                WsClient laptop = WsClient.connect(stack.port("gateway-b"), second.accessToken())) {
            String sessionId = phone.hello().path("d").path("sessionId").asText();
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(200)).until(() -> {
                for (JsonNode s : rest.get("/api/sessions", second.accessToken()).body().path("sessions")) {
                    if (sessionId.equals(s.path("id").asText())) {
                        return true;
                    }
                }
                return false;
            });

            // the laptop ends the phone's session
            Rest.Response revoked = rest.delete("/api/sessions/" + sessionId, second.accessToken());
            assertEquals(204, revoked.status(), revoked.raw());
            assertEquals(4009, phone.awaitClose(EVENTUALLY));

            // its access token, still unexpired, opens no new socket (the gateway that held it, and the other one)
            assertEquals(401, WsClient.handshakeStatus(stack.port("gateway-a"), first.accessToken()));
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(200))
                    .until(() -> WsClient.handshakeStatus(stack.port("gateway-b"), first.accessToken()) == 401);
            // its refresh token is revoked in auth-service (awaited in its database: a refresh attempt before the
            // revoke arrived would rotate the token and prove nothing), then refused
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(200)).until(() -> liveTokens(first.family()) == 0);
            Rest.Response refresh = rest.post("/api/auth/refresh", null, Map.of("refreshToken", first.refreshToken()));
            assertEquals(401, refresh.status(), refresh.raw());
            assertEquals("UNAUTHENTICATED", refresh.code());

            // the other login is untouched: its socket, a new handshake, its refresh
            assertFalse(laptop.isClosed());
            laptop.call("presence.set", Map.of("status", "dnd")); // throws unless answered ok
            assertEquals(101, WsClient.handshakeStatus(stack.port("gateway-a"), second.accessToken()));
            Rest.Response refreshed = rest.post("/api/auth/refresh", null,
                    Map.of("refreshToken", second.refreshToken()));
            assertEquals(200, refreshed.status(), refreshed.raw());
        }
    }

    /** One login: its tokens and its refresh-token family, read from the access token's {@code sid}. */
    private record Login(String accessToken, String refreshToken, UUID family) {
    }

    private Login login(TestUser user) throws Exception {
        Rest.Response login = rest.post("/api/auth/login", null,
                Map.of("username", user.username(), "password", user.password()));
        assertEquals(200, login.status(), login.raw());
        String access = login.body().path("accessToken").asText();
        String payload = new String(Base64.getUrlDecoder().decode(access.split("\\.")[1]), StandardCharsets.UTF_8);
        return new Login(access, login.body().path("refreshToken").asText(),
                UUID.fromString(Rest.JSON.readTree(payload).path("sid").asText()));
    }

    private long liveTokens(UUID family) throws Exception {
        var config = stack.config;
        try (Connection c = DriverManager.getConnection(config.jdbcUrl("auth"), config.pgUser(), config.pgPassword());
                PreparedStatement q = c.prepareStatement(
                        "SELECT count(*) FROM refresh_tokens WHERE family_id = ? AND revoked_at IS NULL")) {
            q.setObject(1, family);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

}
