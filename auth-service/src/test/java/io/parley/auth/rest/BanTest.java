package io.parley.auth.rest;

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
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class BanTest {

    @Inject
    AdminBootstrap adminBootstrap;

    @Inject
    KafkaClients kafkaClients;

    private String adminToken;

    @BeforeEach
    void admin() {
        String admin = AuthApi.uniqueName("admin");
        assertTrue(adminBootstrap.ensureAdmin(admin, AuthApi.PASSWORD));
        adminToken = AuthApi.session(admin).accessToken();
    }

    @Test
    void banRefusesLoginRefreshAndLiveTokensAndPublishesTheEvent() {
        String name = AuthApi.uniqueName("banned");
        String id = AuthApi.registered(name);
        AuthApi.Session session = AuthApi.session(name);
        try (TopicTail topic = new TopicTail(kafkaClients, "auth.users")) {
            ban(id).statusCode(204);

            AuthApi.login(name, AuthApi.PASSWORD).statusCode(403).body("code", equalTo("FORBIDDEN"));
            AuthApi.me(session.accessToken()).statusCode(403).body("code", equalTo("FORBIDDEN"));
            AuthApi.refresh(session.refreshToken()).statusCode(401);

            Envelope banned = topic.awaitRecord(id, AuthUsers.USER_BANNED);
            assertEquals(id, banned.subject());
            assertTrue(banned.data().get("banned").asBoolean());
            assertEquals(name, banned.data().get("user").get("username").asText());
            assertEquals(id, banned.data().get("user").get("id").asText());
        }
    }

    @Test
    void unbanLetsTheUserBackInAndPublishesTheEvent() {
        try (TopicTail topic = new TopicTail(kafkaClients, "auth.users")) {
            String name = AuthApi.uniqueName("unbanned");
            String id = AuthApi.registered(name);
            ban(id).statusCode(204);
            ban(id).statusCode(204); // idempotent: nothing changes, nothing more is published
            unban(id).statusCode(204);
            AuthApi.login(name, AuthApi.PASSWORD).statusCode(200);

            Envelope unbanned = topic.awaitRecord(id, AuthUsers.USER_UNBANNED);
            assertFalse(unbanned.data().get("banned").asBoolean());
            assertEquals(java.util.List.of(AuthUsers.USER_REGISTERED, AuthUsers.USER_BANNED,
                            AuthUsers.USER_UNBANNED),
                    topic.recordsOf(id).stream().map(Envelope::type).toList());
        }
    }

    @Test
    void onlyAdminsBanOrUnban() {
        String target = AuthApi.registered(AuthApi.uniqueName("target"));
        String someone = AuthApi.session(AuthApi.registeredName(AuthApi.uniqueName("someone"))).accessToken();
        given().auth().oauth2(someone).when().post("/api/auth/users/" + target + "/ban").then()
                .statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(someone).when().post("/api/auth/users/" + target + "/unban").then()
                .statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().when().post("/api/auth/users/" + target + "/ban").then()
                .statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void banningAnUnknownUserIsNotFound() {
        ban(UUID.randomUUID().toString()).statusCode(404).body("code", equalTo("NOT_FOUND"));
        ban("not-a-uuid").statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void anAdminCannotBanThemselves() {
        String adminId = AuthApi.me(adminToken).statusCode(200).extract().path("id");
        ban(adminId).statusCode(409).body("code", equalTo("CONFLICT"));
    }

    @Test
    void startUpAdminHasTheAdminRoleAndIsCreatedOnce() {
        String admin = AuthApi.uniqueName("Boss");
        assertTrue(adminBootstrap.ensureAdmin(admin, AuthApi.PASSWORD));
        assertFalse(adminBootstrap.ensureAdmin(admin.toLowerCase(), "another password"));
        AuthApi.login(admin, AuthApi.PASSWORD).statusCode(200).body("user.roles", hasItems("user", "admin"));
    }

    private io.restassured.response.ValidatableResponse ban(String id) {
        return given().auth().oauth2(adminToken).when().post("/api/auth/users/" + id + "/ban").then();
    }

    private io.restassured.response.ValidatableResponse unban(String id) {
        return given().auth().oauth2(adminToken).when().post("/api/auth/users/" + id + "/unban").then();
    }
}
