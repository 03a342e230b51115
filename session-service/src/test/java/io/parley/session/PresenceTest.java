package io.parley.session;

import io.parley.kit.testing.ServiceTokens;
import io.parley.events.Envelope;
import io.parley.session.config.SessionsConfig;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Presence from sessions and choices: the grace period, invisible, one presence.updated per change, the query. */
@QuarkusTest
class PresenceTest extends LiveRegistryTest {

    @jakarta.inject.Inject
    SessionsConfig config;

    @jakarta.inject.Inject
    io.parley.session.service.PresenceService presenceService;

    private List<String> statuses(UUID user) {
        return presenceEvents.of("presence.updated", user.toString()).stream()
                .map(e -> e.data().path("status").asText()).toList();
    }

    @Test
    void firstSessionMakesTheUserOnlineOnce() {
        UUID user = newUser();
        gateway.open(user);
        gateway.open(user);

        eventually().until(() -> liveSessions(user) == 2);
        eventually().during(Duration.ofMillis(500)).until(() -> statuses(user).equals(List.of("online")));
        Envelope online = presenceEvents.of("presence.updated", user.toString()).get(0);
        assertEquals(user.toString(), online.data().path("userId").asText());
        assertNotNull(online.data().path("lastSeenAt").textValue());
        as(Tokens.user(newUser())).get("/api/presence?userIds=" + user).then().statusCode(200)
                .body("presence", hasSize(1))
                .body("presence[0].userId", equalTo(user.toString()))
                .body("presence[0].status", equalTo("online"));
    }

    @Test
    void reconnectWithinTheGracePeriodPublishesNoOffline() {
        UUID user = newUser();
        UUID first = gateway.open(user);
        eventually().until(() -> statuses(user).equals(List.of("online")));

        gateway.close(first, user);
        gateway.open(user);

        // well past the grace period, others were never told the user left
        eventually().during(config.gracePeriod().multipliedBy(2)).atMost(config.gracePeriod().multipliedBy(4))
                .until(() -> statuses(user).equals(List.of("online")));
        assertEquals(1, liveSessions(user));
    }

    @Test
    void lastSessionGoneForTheGracePeriodPublishesExactlyOneOffline() {
        UUID user = newUser();
        UUID first = gateway.open(user);
        UUID second = gateway.open(user);
        eventually().until(() -> statuses(user).equals(List.of("online")));

        gateway.close(first, user);
        gateway.close(second, user);

        eventually().until(() -> statuses(user).equals(List.of("online", "offline")));
        eventually().during(config.gracePeriod()).atMost(config.gracePeriod().multipliedBy(3))
                .until(() -> statuses(user).equals(List.of("online", "offline")));
        Envelope offline = presenceEvents.of("presence.updated", user.toString()).get(1);
        assertNotNull(offline.data().path("lastSeenAt").textValue());
        as(Tokens.user(newUser())).get("/api/presence?userIds=" + user).then().statusCode(200)
                .body("presence[0].status", equalTo("offline"))
                .body("presence[0].lastSeenAt", equalTo(offline.data().path("lastSeenAt").textValue()));
    }

    @Test
    void aBurstOfOpensAndClosesEndsAsTheRecordsOneByOneWould() {
        UUID steady = newUser();
        UUID brief = newUser();
        UUID leaving = newUser();
        UUID leavingSession = gateway.open(leaving);
        eventually().until(() -> statuses(leaving).equals(List.of("online")));

        // one poll's worth: the service records a run of opens and closes together, but a user who both opened and
        // closed in it (brief) must still be seen online, then offline after the grace period
        gateway.burst(() -> {
            for (int i = 0; i < 20; i++) {
                gateway.open(steady);
            }
            UUID briefSession = gateway.open(brief);
            gateway.close(briefSession, brief);
            gateway.close(leavingSession, leaving);
        });

        eventually().until(() -> liveSessions(steady) == 20);
        eventually().until(() -> statuses(brief).equals(List.of("online", "offline")));
        eventually().until(() -> statuses(leaving).equals(List.of("online", "offline")));
        assertEquals(List.of("online"), statuses(steady));
        assertEquals(0, liveSessions(brief));
        assertEquals(0, liveSessions(leaving));
    }

    @Test
    void graceStartedByAnInstanceThatDiedIsCompletedByTheSweep() {
        UUID user = newUser();
        // what an instance leaves behind when it dies between closing the sessions and deciding the presence
        pool.preparedQuery("""
                INSERT INTO presence (user_id, shown_status, offline_since, last_seen_at, shown_last_seen_at)
                VALUES ($1, 'online', now() - interval '1 minute', now() - interval '1 minute', now() - interval '2 minutes')
                """).execute(io.vertx.mutiny.sqlclient.Tuple.of(user)).await().atMost(Duration.ofSeconds(5));

        eventually().until(() -> statuses(user).equals(List.of("offline")));
        as(Tokens.user(newUser())).get("/api/presence?userIds=" + user).then().statusCode(200)
                .body("presence[0].status", equalTo("offline"));
    }

    @Test
    void concurrentDecisionsForOneUserPublishOneEvent() {
        UUID user = newUser();
        pool.preparedQuery("""
                INSERT INTO presence (user_id, shown_status, offline_since, last_seen_at)
                VALUES ($1, 'online', now() - interval '1 minute', now() - interval '1 minute')
                """).execute(io.vertx.mutiny.sqlclient.Tuple.of(user)).await().atMost(Duration.ofSeconds(5));

        // as several service instances (and this one's own sweep) would, all at once
        List<io.smallrye.mutiny.Uni<Void>> decisions = IntStream.range(0, 6)
                .mapToObj(i -> presenceService.reconcileEach(List.of(user))).toList();
        io.smallrye.mutiny.Uni.join().all(decisions).andFailFast().await().atMost(Duration.ofSeconds(20));

        eventually().during(Duration.ofMillis(500)).until(() -> statuses(user).equals(List.of("offline")));
    }

    @Test
    void awayAndDndAreShownWithTheirText() {
        UUID user = newUser();
        UUID session = gateway.open(user);
        eventually().until(() -> statuses(user).equals(List.of("online")));

        gateway.setPresence(session, user, "away", "lunch");
        eventually().until(() -> statuses(user).equals(List.of("online", "away")));
        gateway.setPresence(session, user, "dnd", "focus");
        eventually().until(() -> statuses(user).equals(List.of("online", "away", "dnd")));
        // the same choice again is no change
        gateway.setPresence(session, user, "dnd", "focus");
        gateway.setPresence(session, user, "online", null);

        eventually().until(() -> statuses(user).equals(List.of("online", "away", "dnd", "online")));
        assertEquals("focus", presenceEvents.of("presence.updated", user.toString()).get(2).data().path("text").asText());
        as(Tokens.user(newUser())).get("/api/presence?userIds=" + user).then().statusCode(200)
                .body("presence[0].status", equalTo("online"))
                .body("presence[0].text", nullValue());
    }

    @Test
    void invisibleUserIsShownOfflineAndLeavesWithoutATrace() {
        UUID user = newUser();
        UUID session = gateway.open(user);
        eventually().until(() -> statuses(user).equals(List.of("online")));

        gateway.setPresence(session, user, "invisible", "hiding");

        eventually().until(() -> statuses(user).equals(List.of("online", "offline")));
        Envelope hidden = presenceEvents.of("presence.updated", user.toString()).get(1);
        assertEquals(true, hidden.data().path("text").isNull());
        as(Tokens.user(newUser())).get("/api/presence?userIds=" + user).then().statusCode(200)
                .body("presence[0].status", equalTo("offline"))
                .body("presence[0].text", nullValue());

        // leaving and coming back while invisible tells others nothing
        gateway.close(session, user);
        gateway.open(user);
        eventually().during(config.gracePeriod().multipliedBy(2)).atMost(config.gracePeriod().multipliedBy(4))
                .until(() -> statuses(user).equals(List.of("online", "offline")));
    }

    @Test
    void presenceOfUnknownUsersIsOfflineInTheOrderAsked() {
        UUID a = newUser();
        UUID b = newUser();
        as(Tokens.user(newUser())).get("/api/presence?userIds=" + a + "," + b + "," + a).then().statusCode(200)
                .body("presence", hasSize(2))
                .body("presence[0].userId", equalTo(a.toString()))
                .body("presence[1].userId", equalTo(b.toString()))
                .body("presence[1].status", equalTo("offline"))
                .body("presence[1].lastSeenAt", nullValue());
    }

    @Test
    void presenceQueryTakesUpTo500Ids() {
        String ids = IntStream.range(0, 500).mapToObj(i -> UUID.randomUUID().toString()).collect(Collectors.joining(","));
        as(Tokens.user(newUser())).get("/api/presence?userIds=" + ids).then().statusCode(200)
                .body("presence", hasSize(500));
    }

    @Test
    void presenceQueryOver500IdsIsInvalid() {
        String ids = IntStream.range(0, 501).mapToObj(i -> UUID.randomUUID().toString()).collect(Collectors.joining(","));
        as(Tokens.user(newUser())).get("/api/presence?userIds=" + ids).then().statusCode(400)
                .body("code", equalTo("INVALID"));
    }

    @Test
    void presenceQueryWithoutIdsOrWithABadIdIsInvalid() {
        as(Tokens.user(newUser())).get("/api/presence").then().statusCode(400).body("code", equalTo("INVALID"));
        as(Tokens.user(newUser())).get("/api/presence?userIds=").then().statusCode(400).body("code", equalTo("INVALID"));
        as(Tokens.user(newUser())).get("/api/presence?userIds=" + UUID.randomUUID() + ",bob").then().statusCode(400)
                .body("code", equalTo("INVALID"));
    }

    @Test
    void presenceQueryNeedsAToken() {
        io.restassured.RestAssured.given().get("/api/presence?userIds=" + UUID.randomUUID()).then().statusCode(401)
                .body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void theGatewaysInternalQueryAnswersAsThePublicOneWithTheServiceCredential() {
        UUID shown = newUser();
        UUID hidden = newUser();
        UUID hiddenSession = gateway.open(hidden);
        gateway.open(shown);
        eventually().until(() -> statuses(shown).equals(List.of("online")) && statuses(hidden).equals(List.of("online")));
        gateway.setPresence(hiddenSession, hidden, "invisible", "hiding");
        eventually().until(() -> statuses(hidden).equals(List.of("online", "offline")));

        String query = "?userIds=" + shown + "," + hidden;
        String internal = io.restassured.RestAssured.given().header("Authorization", ServiceTokens.gateway("session-service"))
                .get("/internal/presence" + query).then().statusCode(200)
                .body("presence", hasSize(2))
                .body("presence[0].status", equalTo("online"))
                .body("presence[1].status", equalTo("offline"))
                .body("presence[1].text", nullValue())
                .extract().asString();
        String external = as(Tokens.user(newUser())).get("/api/presence" + query).then().statusCode(200)
                .extract().asString();
        assertEquals(external, internal);
        io.restassured.RestAssured.given().header("Authorization", ServiceTokens.gateway("session-service"))
                .get("/internal/presence?userIds=" + UUID.randomUUID() + ",bob").then()
                .statusCode(400).body("code", equalTo("INVALID"));
    }
}
