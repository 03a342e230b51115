package io.parley.session;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** The admin routes: admins see and revoke anyone's sessions, everyone else is refused. */
@QuarkusTest
class AdminSessionsTest extends LiveRegistryTest {

    @Test
    void nonAdminIsForbiddenFromTheAdminRoutes() {
        UUID user = newUser();
        UUID session = gateway.open(user);
        eventually().until(() -> liveSessions(user) == 1);

        as(Tokens.user(user)).get("/api/admin/sessions").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        as(Tokens.user(user)).delete("/api/admin/sessions/" + session).then().statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
        io.restassured.RestAssured.given().get("/api/admin/sessions").then().statusCode(401);
        org.junit.jupiter.api.Assertions.assertEquals(1, liveSessions(user));
    }

    @Test
    void adminListsAUsersLiveSessionsWithTheirOrigin() {
        UUID user = newUser();
        UUID session = gateway.open(user);
        eventually().until(() -> liveSessions(user) == 1);

        as(Tokens.admin(newUser())).get("/api/admin/sessions?userId=" + user).then().statusCode(200)
                .body("sessions", hasSize(1))
                .body("sessions[0].id", equalTo(session.toString()))
                .body("sessions[0].userId", equalTo(user.toString()))
                .body("sessions[0].ip", equalTo("203.0.113.7"))
                .body("sessions[0].gateway", equalTo(gateway.instance));
        as(Tokens.admin(newUser())).get("/api/admin/sessions?limit=1").then().statusCode(200)
                .body("sessions", hasSize(1));
    }

    @Test
    void adminRevokesAnySession() {
        UUID user = newUser();
        UUID family = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        gateway.open(session, user, java.time.Instant.now(), family);
        eventually().until(() -> liveSessions(user) == 1);

        as(Tokens.admin(newUser())).delete("/api/admin/sessions/" + session).then().statusCode(204);

        org.junit.jupiter.api.Assertions.assertEquals(0, liveSessions(user));
        eventually().until(() -> sessionCommands.of("session.revoke", user.toString()).size() == 1);
        // the admin route revokes the session's refresh-token family too
        org.junit.jupiter.api.Assertions.assertEquals(family.toString(),
                sessionCommands.of("session.revoke", user.toString()).get(0).data().path("familyId").asText());
        as(Tokens.admin(newUser())).delete("/api/admin/sessions/" + UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void adminQueryParametersAreValidated() {
        String admin = Tokens.admin(newUser());
        as(admin).get("/api/admin/sessions?userId=bob").then().statusCode(400).body("code", equalTo("INVALID"));
        as(admin).get("/api/admin/sessions?limit=0").then().statusCode(400).body("code", equalTo("INVALID"));
        as(admin).get("/api/admin/sessions?limit=501").then().statusCode(400).body("code", equalTo("INVALID"));
        as(admin).get("/api/admin/sessions?limit=ten").then().statusCode(400).body("code", equalTo("INVALID"));
    }
}
