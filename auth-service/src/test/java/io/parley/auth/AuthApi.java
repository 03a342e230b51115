package io.parley.auth;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test-side client of the Auth API: unique names per run, since the database outlives the tests. */
public final class AuthApi {

    public static final String PASSWORD = "correct horse battery";

    private AuthApi() {
    }

    /** A fresh username (≤ 32 chars) that no earlier run used. */
    public static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    public static ValidatableResponse register(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .when().post("/api/auth/register").then();
    }

    /** Registers a user with {@link #PASSWORD}; returns its id. */
    public static String registered(String username) {
        return register(username, PASSWORD).statusCode(201).extract().path("id");
    }

    /** Registers {@code username} with {@link #PASSWORD}; returns the name, for chaining. */
    public static String registeredName(String username) {
        registered(username);
        return username;
    }

    /** From an address of its own, so the per-IP bound of one test never spills into another. */
    public static ValidatableResponse login(String username, String password) {
        return login(username, password, randomIp());
    }

    /** As if the gateway forwarded the request of a client at {@code clientIp}. */
    public static ValidatableResponse login(String username, String password, String clientIp) {
        return given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", clientIp)
                .body(Map.of("username", username, "password", password))
                .when().post("/api/auth/login").then();
    }

    public static String randomIp() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    /** Logs in with {@link #PASSWORD}: the whole token answer. */
    public static Session session(String username) {
        var body = login(username, PASSWORD).statusCode(200).extract().jsonPath();
        return new Session(body.getString("accessToken"), body.getString("refreshToken"), body.getString("user.id"));
    }

    public static ValidatableResponse refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                .when().post("/api/auth/refresh").then();
    }

    public static ValidatableResponse me(String accessToken) {
        return given().auth().oauth2(accessToken).when().get("/api/auth/me").then();
    }

    /** One login's tokens. */
    public record Session(String accessToken, String refreshToken, String userId) {
    }
}
