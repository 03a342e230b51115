package io.parley.auth.rest;

import io.parley.auth.AuthApi;
import io.parley.devstack.DevstackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class RefreshTokenTest {

    @Test
    void refreshRotatesThePair() {
        String name = AuthApi.uniqueName("refresh");
        AuthApi.Session first = AuthApi.session(AuthApi.registeredName(name));
        var second = AuthApi.refresh(first.refreshToken()).statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("user.username", equalTo(name))
                .extract().jsonPath();
        assertNotEquals(first.refreshToken(), second.getString("refreshToken"));
        AuthApi.me(second.getString("accessToken")).statusCode(200).body("username", equalTo(name));
        AuthApi.refresh(second.getString("refreshToken")).statusCode(200);
    }

    @Test
    void reusingARotatedTokenRevokesTheWholeFamily() {
        AuthApi.Session session = AuthApi.session(AuthApi.registeredName(AuthApi.uniqueName("reuse")));
        String next = AuthApi.refresh(session.refreshToken()).statusCode(200).extract().path("refreshToken");

        AuthApi.refresh(session.refreshToken()).statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        // the thief's (or the client's) newer token dies with the family
        AuthApi.refresh(next).statusCode(401);
    }

    @Test
    void twoConcurrentUsesOfOneTokenRotateItOnce() throws Exception {
        AuthApi.Session session = AuthApi.session(AuthApi.registeredName(AuthApi.uniqueName("race")));
        var first = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> AuthApi.refresh(session.refreshToken()).extract().statusCode());
        var second = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> AuthApi.refresh(session.refreshToken()).extract().statusCode());
        java.util.List<Integer> statuses = java.util.stream.Stream.of(first.get(), second.get()).sorted().toList();
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(200, 401), statuses);
    }

    @Test
    void reuseInOneFamilyLeavesOtherSessionsAlone() {
        String name = AuthApi.registeredName(AuthApi.uniqueName("reuse"));
        AuthApi.Session phone = AuthApi.session(name);
        AuthApi.Session laptop = AuthApi.session(name);
        AuthApi.refresh(phone.refreshToken()).statusCode(200);
        AuthApi.refresh(phone.refreshToken()).statusCode(401);
        AuthApi.refresh(laptop.refreshToken()).statusCode(200);
    }

    @Test
    void unknownRefreshTokenIsUnauthenticated() {
        AuthApi.refresh("bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtMTIzNDU2Nzg5MGFiY2RlZg").statusCode(401)
                .body("code", equalTo("UNAUTHENTICATED"));
        given().contentType(ContentType.JSON).body("{}").when().post("/api/auth/refresh").then()
                .statusCode(400).body("message", startsWith("refreshToken:"));
    }

    @Test
    void logoutRevokesTheRefreshToken() {
        AuthApi.Session session = AuthApi.session(AuthApi.registeredName(AuthApi.uniqueName("logout")));
        logout(session.refreshToken());
        AuthApi.refresh(session.refreshToken()).statusCode(401);
        // logging out twice, or with a token we never issued, still answers 204
        logout(session.refreshToken());
        logout("never-issued-token");
    }

    @Test
    void passwordChangeRevokesEveryRefreshTokenOfTheUser() {
        String name = AuthApi.registeredName(AuthApi.uniqueName("pwchange"));
        AuthApi.Session phone = AuthApi.session(name);
        AuthApi.Session laptop = AuthApi.session(name);

        given().auth().oauth2(phone.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", AuthApi.PASSWORD, "newPassword", "a brand new secret"))
                .when().post("/api/auth/password").then().statusCode(204);

        AuthApi.refresh(phone.refreshToken()).statusCode(401);
        AuthApi.refresh(laptop.refreshToken()).statusCode(401);
        AuthApi.login(name, AuthApi.PASSWORD).statusCode(401);
        AuthApi.login(name, "a brand new secret").statusCode(200);
    }

    @Test
    void passwordChangeWithAWrongCurrentPasswordChangesNothing() {
        String name = AuthApi.registeredName(AuthApi.uniqueName("pwchange"));
        AuthApi.Session session = AuthApi.session(name);
        given().auth().oauth2(session.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "not my password", "newPassword", "a brand new secret"))
                .when().post("/api/auth/password").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(session.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", AuthApi.PASSWORD, "newPassword", "short"))
                .when().post("/api/auth/password").then().statusCode(400)
                .body("message", startsWith("newPassword:"));
        AuthApi.refresh(session.refreshToken()).statusCode(200);
        AuthApi.login(name, AuthApi.PASSWORD).statusCode(200);
    }

    @Test
    void passwordChangeNeedsAnAccessToken() {
        given().contentType(ContentType.JSON)
                .body(Map.of("currentPassword", AuthApi.PASSWORD, "newPassword", "a brand new secret"))
                .when().post("/api/auth/password").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    private static void logout(String refreshToken) {
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                .when().post("/api/auth/logout").then().statusCode(204);
    }
}
