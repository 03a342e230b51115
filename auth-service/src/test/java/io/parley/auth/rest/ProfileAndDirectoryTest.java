package io.parley.auth.rest;

import io.parley.auth.AuthApi;
import io.parley.auth.messaging.TopicTail;
import io.parley.devstack.DevstackResource;
import io.parley.events.Envelope;
import io.parley.events.EventTypes.AuthUsers;
import io.parley.events.data.AuthUser;
import io.parley.kit.kafka.KafkaClients;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class ProfileAndDirectoryTest {

    @Inject
    KafkaClients kafkaClients;

    @Test
    void registrationAndRenamePublishTheWholeUser() {
        try (TopicTail topic = new TopicTail(kafkaClients, "auth.users")) {
            String name = AuthApi.uniqueName("rename");
            String id = AuthApi.registered(name);
            String token = AuthApi.session(name).accessToken();

            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("displayName", "New Name"))
                    .when().patch("/api/auth/me").then().statusCode(200)
                    .body("displayName", equalTo("New Name")).body("username", equalTo(name));
            AuthApi.me(token).statusCode(200).body("displayName", equalTo("New Name"));

            Envelope registered = topic.awaitRecord(id, AuthUsers.USER_REGISTERED);
            assertEquals(name, registered.data().get("user").get("displayName").asText());
            assertFalse(registered.data().get("banned").asBoolean());
            // the typed contract reads what this service writes
            assertEquals(java.util.UUID.fromString(id), registered.dataAs(AuthUser.class).user().id());
            Envelope updated = topic.awaitRecord(id, AuthUsers.USER_UPDATED);
            assertEquals("New Name", updated.data().get("user").get("displayName").asText());
            assertEquals("user", updated.data().get("user").get("roles").get(0).asText());
        }
    }

    @Test
    void renameIsValidated() {
        String token = AuthApi.session(AuthApi.registeredName(AuthApi.uniqueName("rename"))).accessToken();
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("displayName", "x".repeat(65)))
                .when().patch("/api/auth/me").then().statusCode(400).body("message", startsWith("displayName:"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}")
                .when().patch("/api/auth/me").then().statusCode(400)
                .body("message", equalTo("displayName: is required"));
    }

    @Test
    void directoryFindsUsersByPrefixInAnyCase() {
        String prefix = AuthApi.uniqueName("dir");
        String alice = AuthApi.registeredName(prefix + "_alice");
        String bob = AuthApi.registeredName(prefix + "_bob");
        String token = AuthApi.session(alice).accessToken();

        given().auth().oauth2(token).queryParam("q", prefix.toUpperCase()).when().get("/api/auth/users").then()
                .statusCode(200).body("users.username", contains(alice, bob));
        given().auth().oauth2(token).queryParam("q", prefix).queryParam("limit", 1).when().get("/api/auth/users")
                .then().statusCode(200).body("users", hasSize(1));
        // LIKE wildcards in q are plain characters
        given().auth().oauth2(token).queryParam("q", prefix.substring(0, 4) + "%").when().get("/api/auth/users")
                .then().statusCode(200).body("users", hasSize(0));
    }

    @Test
    void directoryBoundsAreValidated() {
        String token = AuthApi.session(AuthApi.registeredName(AuthApi.uniqueName("dir"))).accessToken();
        for (String limit : new String[] {"0", "101", "ten", "-1"}) {
            given().auth().oauth2(token).queryParam("limit", limit).when().get("/api/auth/users").then()
                    .statusCode(400).body("code", equalTo("INVALID")).body("message", startsWith("limit:"));
        }
        given().auth().oauth2(token).queryParam("q", "q".repeat(65)).when().get("/api/auth/users").then()
                .statusCode(400).body("message", startsWith("q:"));
        given().auth().oauth2(token).queryParam("limit", 100).when().get("/api/auth/users").then().statusCode(200);
    }

    @Test
    void directoryNeedsAnAccessToken() {
        given().when().get("/api/auth/users").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }
}
