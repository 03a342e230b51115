package io.parley.session;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry fed by session.events, and a user's own session routes. */
@QuarkusTest
class SessionRegistryTest extends LiveRegistryTest {

    private static final String MILLIS_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @Test
    void openedSessionIsListedToItsOwner() {
        UUID user = newUser();
        UUID session = gateway.open(user);

        eventually().untilAsserted(() -> as(Tokens.user(user)).get("/api/sessions").then()
                .statusCode(200)
                .body("sessions", hasSize(1))
                .body("sessions[0].id", equalTo(session.toString()))
                .body("sessions[0].gateway", equalTo(gateway.instance))
                .body("sessions[0].userAgent", equalTo("parley-test/1.0"))
                .body("sessions[0].connectedAt", matchesPattern(MILLIS_UTC))
                .body("sessions[0].lastSeenAt", matchesPattern(MILLIS_UTC)));
        as(Tokens.user(newUser())).get("/api/sessions").then().statusCode(200).body("sessions", hasSize(0));
    }

    @Test
    void closedSessionIsNoLongerListed() {
        UUID user = newUser();
        UUID session = gateway.open(user);
        eventually().until(() -> liveSessions(user) == 1);

        gateway.close(session, user);

        eventually().untilAsserted(() -> as(Tokens.user(user)).get("/api/sessions").then()
                .statusCode(200).body("sessions", hasSize(0)));
    }

    @Test
    void redeliveredOpenAfterCloseDoesNotReviveTheSession() {
        UUID user = newUser();
        UUID session = UUID.randomUUID();
        Instant connectedAt = Instant.now();
        gateway.open(session, user, connectedAt);
        gateway.close(session, user);
        // redelivery of both records, then a marker session that proves everything before it was consumed
        gateway.open(session, user, connectedAt);
        gateway.close(session, user);
        gateway.open(session, user, connectedAt);
        UUID marker = gateway.open(user);

        eventually().until(() -> knownSessions(user) == 2 && liveSessions(user) == 1);
        as(Tokens.user(user)).get("/api/sessions").then().statusCode(200)
                .body("sessions", hasSize(1)).body("sessions[0].id", equalTo(marker.toString()));
        // one online event for the first session; the redeliveries and the marker change nothing others see
        eventually().during(Duration.ofMillis(500))
                .until(() -> presenceEvents.of("presence.updated", user.toString()).size() == 1);
    }

    @Test
    void closeArrivingBeforeItsOpenLeavesTheSessionClosed() {
        UUID user = newUser();
        UUID session = UUID.randomUUID();
        Instant connectedAt = Instant.now();
        gateway.close(session, user, connectedAt.plusMillis(50));
        gateway.open(session, user, connectedAt);
        UUID marker = gateway.open(user);

        eventually().until(() -> knownSessions(user) == 2 && liveSessions(user) == 1);
        as(Tokens.user(user)).get("/api/sessions").then().statusCode(200)
                .body("sessions", hasSize(1)).body("sessions[0].id", equalTo(marker.toString()));
    }

    @Test
    void revokingOwnSessionClosesItAndTellsTheGateway() {
        UUID user = newUser();
        UUID session = gateway.open(user);
        eventually().until(() -> liveSessions(user) == 1);

        as(Tokens.user(user)).delete("/api/sessions/" + session).then().statusCode(204);

        as(Tokens.user(user)).get("/api/sessions").then().statusCode(200).body("sessions", hasSize(0));
        eventually().until(() -> sessionCommands.of("session.revoke", user.toString()).size() == 1);
        var revoke = sessionCommands.of("session.revoke", user.toString()).get(0);
        assertEquals(session.toString(), revoke.data().path("sessionId").asText());
        assertEquals(user.toString(), revoke.data().path("userId").asText());
        // a session opened without a family (an older gateway) revokes without one
        assertTrue(revoke.data().path("familyId").isMissingNode());
        // revoked twice: it is gone
        as(Tokens.user(user)).delete("/api/sessions/" + session).then().statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void revokingASessionNamesItsRefreshTokenFamily() {
        UUID user = newUser();
        UUID family = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        gateway.open(session, user, Instant.now(), family);
        eventually().until(() -> liveSessions(user) == 1);

        as(Tokens.user(user)).delete("/api/sessions/" + session).then().statusCode(204);

        eventually().until(() -> sessionCommands.of("session.revoke", user.toString()).size() == 1);
        var revoke = sessionCommands.of("session.revoke", user.toString()).get(0);
        assertEquals(session.toString(), revoke.data().path("sessionId").asText());
        assertEquals(family.toString(), revoke.data().path("familyId").asText());
    }

    @Test
    void revokingAnotherUsersSessionIsNotFoundAndLeavesItLive() {
        UUID owner = newUser();
        UUID session = gateway.open(owner);
        eventually().until(() -> liveSessions(owner) == 1);

        as(Tokens.user(newUser())).delete("/api/sessions/" + session).then()
                .statusCode(404).body("code", equalTo("NOT_FOUND"));

        assertEquals(1, liveSessions(owner));
        assertEquals(0, sessionCommands.of("session.revoke", owner.toString()).size());
    }

    @Test
    void malformedSessionIdIsInvalid() {
        as(Tokens.user(newUser())).delete("/api/sessions/not-a-uuid").then()
                .statusCode(400).body("code", equalTo("INVALID"));
    }

    @Test
    void requestWithoutTokenIsUnauthenticated() {
        given().get("/api/sessions").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void forgedTokenIsUnauthenticated() {
        String token = Tokens.user(newUser());
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
        as(forged).get("/api/sessions").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void malformedRecordsDoNotStopTheConsumer() {
        UUID user = newUser();
        gateway.sendRaw(user.toString(), "{not json");
        gateway.sendRaw(user.toString(), "{\"id\":\"x\",\"type\":\"session.opened\",\"data\":{\"sessionId\":\"nope\"}}");
        gateway.open(user);

        eventually().until(() -> liveSessions(user) == 1);
    }
}
