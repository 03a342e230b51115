package io.parley.auth.bots;

import io.parley.auth.AuthApi;
import io.parley.auth.messaging.TopicTail;
import io.parley.auth.service.AdminBootstrap;
import io.parley.devstack.DevstackResource;
import io.parley.events.Envelope;
import io.parley.events.EventTypes.AuthUsers;
import io.parley.kit.kafka.KafkaClients;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bot accounts over the real auth-service, PostgreSQL and Kafka (docs/bots.md). */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class BotAccountsTest {

    @Inject
    AdminBootstrap adminBootstrap;

    @Inject
    KafkaClients kafkaClients;

    @Inject
    Pool pool;

    private String owner;
    private String ownerId;
    private String ownerToken;

    @BeforeEach
    void owner() {
        owner = AuthApi.uniqueName("owner");
        ownerId = AuthApi.registered(owner);
        ownerToken = AuthApi.session(owner).accessToken();
    }

    @Test
    void anOwnerCreatesABotThatExchangesItsTokenAndActsAsAUserMarkedBot() {
        String name = AuthApi.uniqueName("bot");
        try (TopicTail topic = new TopicTail(kafkaClients, "auth.users")) {
            JsonPath created = createBot(ownerToken, name, "Weather").statusCode(201).extract().jsonPath();
            String botId = created.getString("bot.id");
            String token = created.getString("token");
            assertTrue(token.matches("pbot_[A-Za-z0-9_-]{43}"), token);
            assertEquals(name, created.getString("bot.username"));
            assertEquals("Weather", created.getString("bot.displayName"));
            assertEquals(ownerId, created.getString("bot.ownerId"));
            assertTrue(created.getBoolean("bot.bot"));
            assertFalse(created.getBoolean("bot.disabled"));
            assertEquals(List.of("user", "bot"), created.getList("bot.roles"));

            // only the SHA-256 is stored, never the token
            byte[] stored = pool.preparedQuery("SELECT token_hash FROM bot_tokens WHERE bot_id = $1")
                    .execute(Tuple.of(UUID.fromString(botId))).await().atMost(Duration.ofSeconds(10))
                    .iterator().next().getBuffer("token_hash").getBytes();
            assertArrayEquals(sha256(token), stored);

            JsonPath access = exchange(token).statusCode(200).extract().jsonPath();
            assertEquals("Bearer", access.getString("tokenType"));
            assertEquals(900, access.getInt("expiresIn"));
            assertEquals(null, access.getString("refreshToken"));
            assertTrue(access.getBoolean("user.bot"));
            assertEquals(ownerId, access.getString("user.ownerId"));
            String jwt = access.getString("accessToken");
            JsonPath claims = new JsonPath(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                    StandardCharsets.UTF_8));
            assertEquals(botId, claims.getString("sub"));
            assertTrue(claims.getList("groups").contains("bot"));
            assertFalse(claims.getList("groups").contains("admin"));

            AuthApi.me(jwt).statusCode(200).body("id", equalTo(botId)).body("bot", equalTo(true))
                    .body("ownerId", equalTo(ownerId));
            // a person's view says bot: false and has no ownerId
            AuthApi.me(ownerToken).statusCode(200).body("bot", equalTo(false)).body("ownerId", nullValue());
            // the directory shows the bot as one
            given().auth().oauth2(ownerToken).queryParam("q", name).when().get("/api/auth/users").then()
                    .statusCode(200).body("users[0].id", equalTo(botId)).body("users[0].bot", equalTo(true))
                    .body("users[0].ownerId", equalTo(ownerId));
            // no password: password login answers as for a wrong password
            AuthApi.login(name, "anything at all").statusCode(401).body("code", equalTo("UNAUTHENTICATED"));

            Envelope registered = topic.awaitRecord(botId, AuthUsers.USER_REGISTERED);
            assertTrue(registered.data().get("user").get("bot").asBoolean());
            assertEquals(ownerId, registered.data().get("user").get("ownerId").asText());
            assertFalse(registered.data().get("banned").asBoolean());
            assertTrue(registered.data().path("tokensNotBefore").isMissingNode());
        }
    }

    @Test
    void createValidatesItsBodyAndTheName() {
        given().auth().oauth2(ownerToken).contentType(ContentType.JSON).body("{}").when().post("/api/bots").then()
                .statusCode(400).body("code", equalTo("INVALID")).body("message", containsString("username"));
        createBot(ownerToken, "a b", null).statusCode(400).body("code", equalTo("INVALID"));
        createBot(ownerToken, AuthApi.uniqueName("bot"), "x".repeat(65)).statusCode(400)
                .body("message", containsString("displayName"));
        createBot(ownerToken, owner.toUpperCase(), null).statusCode(409).body("code", equalTo("CONFLICT"));
        given().contentType(ContentType.JSON).body(Map.of("username", AuthApi.uniqueName("bot")))
                .when().post("/api/bots").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void aBotCannotCreateBots() {
        String token = createBot(ownerToken, AuthApi.uniqueName("bot"), null).statusCode(201).extract().path("token");
        String jwt = exchange(token).statusCode(200).extract().path("accessToken");
        createBot(jwt, AuthApi.uniqueName("bot"), null).statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(jwt).when().get("/api/bots").then().statusCode(200).body("bots.size()", equalTo(0));
    }

    @Test
    void strangersGet404AndOwnersSeeOnlyTheirOwn() {
        String botId = createBot(ownerToken, AuthApi.uniqueName("bot"), null).statusCode(201).extract().path("bot.id");
        String stranger = AuthApi.session(AuthApi.registeredName(AuthApi.uniqueName("stranger"))).accessToken();
        given().auth().oauth2(ownerToken).when().get("/api/bots").then().statusCode(200)
                .body("bots.id", equalTo(List.of(botId)));
        given().auth().oauth2(ownerToken).when().get("/api/bots/" + botId).then().statusCode(200)
                .body("id", equalTo(botId)).body("disabled", equalTo(false));
        given().auth().oauth2(stranger).when().get("/api/bots").then().statusCode(200).body("bots.size()", equalTo(0));
        for (ValidatableResponse answer : List.of(
                given().auth().oauth2(stranger).when().get("/api/bots/" + botId).then(),
                given().auth().oauth2(stranger).contentType(ContentType.JSON).body(Map.of("displayName", "Mine"))
                        .when().patch("/api/bots/" + botId).then(),
                given().auth().oauth2(stranger).when().post("/api/bots/" + botId + "/token").then(),
                given().auth().oauth2(stranger).when().delete("/api/bots/" + botId + "/token").then(),
                given().auth().oauth2(stranger).when().delete("/api/bots/" + botId).then(),
                // a person is no bot, whoever asks
                given().auth().oauth2(ownerToken).when().get("/api/bots/" + ownerId).then(),
                given().auth().oauth2(ownerToken).when().get("/api/bots/" + UUID.randomUUID()).then(),
                given().auth().oauth2(ownerToken).when().get("/api/bots/not-a-uuid").then())) {
            answer.statusCode(404).body("code", equalTo("NOT_FOUND"));
        }
        given().auth().oauth2(stranger).queryParam("all", "true").when().get("/api/bots").then()
                .statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(ownerToken).queryParam("all", "yes").when().get("/api/bots").then()
                .statusCode(400).body("code", equalTo("INVALID"));
        // the bot is untouched
        given().auth().oauth2(ownerToken).when().get("/api/bots/" + botId).then().statusCode(200);
    }

    @Test
    void theOwnerRenamesButOnlyAnAdminDisablesAndEnables() {
        String name = AuthApi.uniqueName("bot");
        JsonPath created = createBot(ownerToken, name, null).statusCode(201).extract().jsonPath();
        String botId = created.getString("bot.id");
        String token = created.getString("token");
        String jwt = exchange(token).statusCode(200).extract().path("accessToken");
        patch(ownerToken, botId, Map.of("displayName", "Renamed")).statusCode(200)
                .body("displayName", equalTo("Renamed"));
        patch(ownerToken, botId, Map.of("disabled", true)).statusCode(403).body("code", equalTo("FORBIDDEN"));
        patch(ownerToken, botId, Map.of("displayName", "")).statusCode(400).body("code", equalTo("INVALID"));

        String admin = AuthApi.uniqueName("admin");
        assertTrue(adminBootstrap.ensureAdmin(admin, AuthApi.PASSWORD));
        String adminToken = AuthApi.session(admin).accessToken();
        given().auth().oauth2(adminToken).queryParam("all", "true").when().get("/api/bots").then().statusCode(200)
                .body("bots.id", hasItem(botId));
        given().auth().oauth2(adminToken).when().get("/api/bots").then().statusCode(200)
                .body("bots.id", not(hasItem(botId)));
        try (TopicTail topic = new TopicTail(kafkaClients, "auth.users")) {
            patch(adminToken, botId, Map.of("disabled", true)).statusCode(200).body("disabled", equalTo(true));
            Envelope banned = topic.awaitRecord(botId, AuthUsers.USER_BANNED);
            assertTrue(banned.data().get("banned").asBoolean());
            assertTrue(banned.data().get("user").get("bot").asBoolean());
            Instant notBefore = Instant.parse(banned.data().get("tokensNotBefore").asText());
            assertTrue(notBefore.isAfter(Instant.now().minusSeconds(5)), notBefore.toString());
        }
        // its live access token (issued in this very second, maybe) and its bot token stop working at once
        AuthApi.me(jwt).statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        exchange(token).statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().auth().oauth2(ownerToken).when().get("/api/bots/" + botId).then().statusCode(200)
                .body("disabled", equalTo(true));

        patch(adminToken, botId, Map.of("disabled", false)).statusCode(200).body("disabled", equalTo(false));
        String fresh = exchange(token).statusCode(200).extract().path("accessToken");
        AuthApi.me(fresh).statusCode(200).body("id", equalTo(botId));
        // the token of before the disable stays refused
        AuthApi.me(jwt).statusCode(401);
    }

    @Test
    void rotatingReplacesTheTokenAndRefusesEverythingIssuedBefore() {
        JsonPath created = createBot(ownerToken, AuthApi.uniqueName("bot"), null).statusCode(201).extract().jsonPath();
        String botId = created.getString("bot.id");
        String oldToken = created.getString("token");
        String oldJwt = exchange(oldToken).statusCode(200).extract().path("accessToken");
        AuthApi.me(oldJwt).statusCode(200);

        String newToken;
        try (TopicTail topic = new TopicTail(kafkaClients, "auth.users")) {
            JsonPath rotated = given().auth().oauth2(ownerToken).when().post("/api/bots/" + botId + "/token").then()
                    .statusCode(200).body("bot.id", equalTo(botId)).extract().jsonPath();
            newToken = rotated.getString("token");
            assertNotEquals(oldToken, newToken);
            Envelope updated = topic.awaitRecord(botId, AuthUsers.USER_UPDATED);
            assertFalse(updated.data().get("banned").asBoolean());
            assertTrue(updated.data().hasNonNull("tokensNotBefore"));
        }
        exchange(oldToken).statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        AuthApi.me(oldJwt).statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        // at once, even in the second of the rotation: the exchange waits for the bound rather than issue a dead token
        String newJwt = exchange(newToken).statusCode(200).extract().path("accessToken");
        AuthApi.me(newJwt).statusCode(200).body("id", equalTo(botId));

        // revoke: no token at all until the next rotation
        given().auth().oauth2(ownerToken).when().delete("/api/bots/" + botId + "/token").then().statusCode(204);
        exchange(newToken).statusCode(401);
        AuthApi.me(newJwt).statusCode(401);
        long rows = pool.preparedQuery("SELECT count(*) AS n FROM bot_tokens WHERE bot_id = $1")
                .execute(Tuple.of(UUID.fromString(botId))).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong("n");
        assertEquals(0, rows);
    }

    @Test
    void deletingABotEndsItAndFreesNothingButTheList() {
        String name = AuthApi.uniqueName("bot");
        JsonPath created = createBot(ownerToken, name, null).statusCode(201).extract().jsonPath();
        String botId = created.getString("bot.id");
        String token = created.getString("token");
        String jwt = exchange(token).statusCode(200).extract().path("accessToken");
        try (TopicTail topic = new TopicTail(kafkaClients, "auth.users")) {
            given().auth().oauth2(ownerToken).when().delete("/api/bots/" + botId).then().statusCode(204);
            Envelope banned = topic.awaitRecord(botId, AuthUsers.USER_BANNED);
            assertTrue(banned.data().get("banned").asBoolean());
            assertTrue(banned.data().hasNonNull("tokensNotBefore"));
        }
        exchange(token).statusCode(401);
        AuthApi.me(jwt).statusCode(401);
        given().auth().oauth2(ownerToken).when().get("/api/bots/" + botId).then().statusCode(404);
        given().auth().oauth2(ownerToken).when().delete("/api/bots/" + botId).then().statusCode(404);
        given().auth().oauth2(ownerToken).when().get("/api/bots").then().statusCode(200)
                .body("bots.id", not(hasItem(botId)));
        // the name stays taken: the deleted bot's messages keep naming it
        createBot(ownerToken, name, null).statusCode(409);
    }

    @Test
    void theExchangeRefusesGarbageAndUnknownTokensAlike() {
        exchange("pbot_" + "A".repeat(43)).statusCode(401).body("code", equalTo("UNAUTHENTICATED"))
                .body("message", equalTo("bot token is invalid or revoked"));
        exchange("not a token").statusCode(401).body("message", equalTo("bot token is invalid or revoked"));
        exchange("x".repeat(257)).statusCode(400).body("code", equalTo("INVALID"));
        given().contentType(ContentType.JSON).body("{}").when().post("/api/auth/bot-token").then()
                .statusCode(400).body("code", equalTo("INVALID"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("parley_auth_bot_token_exchanges_total{outcome=\"invalid\"}"));
    }

    @Test
    void anOwnerHasABoundedNumberOfBots() {
        // the test profile allows 3 per owner
        for (int i = 0; i < 3; i++) {
            createBot(ownerToken, AuthApi.uniqueName("bot"), null).statusCode(201);
        }
        createBot(ownerToken, AuthApi.uniqueName("bot"), null).statusCode(409).body("code", equalTo("CONFLICT"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("parley_auth_bots_changes_total{action=\"created\"}"))
                .body(containsString("parley_auth_bots "));
    }

    static ValidatableResponse createBot(String accessToken, String username, String displayName) {
        Map<String, Object> body = new HashMap<>();
        body.put("username", username);
        if (displayName != null) {
            body.put("displayName", displayName);
        }
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(body).when().post("/api/bots")
                .then();
    }

    static ValidatableResponse exchange(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token)).when().post("/api/auth/bot-token")
                .then();
    }

    private static ValidatableResponse patch(String accessToken, String botId, Map<String, Object> body) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(body).when()
                .patch("/api/bots/" + botId).then();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
