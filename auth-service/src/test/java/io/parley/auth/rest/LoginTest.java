package io.parley.auth.rest;

import io.parley.auth.AuthApi;
import io.parley.auth.config.AuthConfig;
import io.parley.auth.repository.LoginFailureRepository;
import io.parley.auth.service.LoginThrottle;
import io.parley.devstack.DevstackResource;
import io.parley.kit.error.RateLimitedException;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class LoginTest {

    @Inject
    Pool pool;

    @Inject
    AuthConfig config;

    @Test
    void loginAnswersABearerPairAndTheUser() {
        String name = AuthApi.uniqueName("login");
        String id = AuthApi.registered(name);
        AuthApi.login(name.toUpperCase(), AuthApi.PASSWORD).statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("accessToken", notNullValue())
                .body("refreshToken.length()", greaterThan(42))
                .body("user.id", equalTo(id))
                .body("user.username", equalTo(name));
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameAnswer() {
        String name = AuthApi.uniqueName("login");
        AuthApi.registered(name);
        String wrongPassword = AuthApi.login(name, "not the password").statusCode(401)
                .body("code", equalTo("UNAUTHENTICATED")).extract().body().asString();
        String unknownUser = AuthApi.login(AuthApi.uniqueName("nobody"), "not the password").statusCode(401)
                .extract().body().asString();
        assertEquals(wrongPassword, unknownUser);
    }

    @Test
    void fiveFailuresThrottleTheUsernameFromAnyAddressUntilTheyAgeOut() {
        String name = AuthApi.uniqueName("throttle");
        AuthApi.registered(name);
        for (int i = 0; i < 5; i++) {
            AuthApi.login(name, "wrong password " + i).statusCode(401);
        }
        // even the right password, from another address and in another case, waits now
        AuthApi.login(name.toUpperCase(), AuthApi.PASSWORD).statusCode(429)
                .body("code", equalTo("RATE_LIMITED"))
                .header("Retry-After", allOf(notNullValue()))
                .extract().header("Retry-After");
        int retryAfter = Integer.parseInt(AuthApi.login(name, AuthApi.PASSWORD).statusCode(429)
                .extract().header("Retry-After"));
        org.hamcrest.MatcherAssert.assertThat(retryAfter, allOf(greaterThan(0), lessThanOrEqualTo(15 * 60)));

        ageFailures("username_key = $1", name.toLowerCase());
        AuthApi.login(name, AuthApi.PASSWORD).statusCode(200);
    }

    @Test
    void throttleStateIsSharedByEveryInstance() {
        String name = AuthApi.uniqueName("shared");
        AuthApi.registered(name);
        for (int i = 0; i < 5; i++) {
            AuthApi.login(name, "wrong password").statusCode(401);
        }
        // a second instance: its own throttle, the same database
        LoginThrottle otherInstance = new LoginThrottle(pool, new LoginFailureRepository(), config);
        var refused = otherInstance.admit(name, java.util.Optional.of(AuthApi.randomIp())).onItemOrFailure()
                .transform((attempt, failure) -> failure).await().atMost(Duration.ofSeconds(10));
        org.junit.jupiter.api.Assertions.assertInstanceOf(RateLimitedException.class, refused);
    }

    @Test
    void wrongCurrentPasswordsCountAsFailedLogins() {
        String name = AuthApi.uniqueName("pwguess");
        AuthApi.registered(name);
        String token = AuthApi.session(name).accessToken();
        for (int i = 0; i < 5; i++) {
            changePassword(token, "guess " + i).statusCode(403);
        }
        changePassword(token, AuthApi.PASSWORD).statusCode(429).body("code", equalTo("RATE_LIMITED"));
        AuthApi.login(name, AuthApi.PASSWORD).statusCode(429);
    }

    @Test
    void successClearsEarlierFailures() {
        String name = AuthApi.uniqueName("throttle");
        AuthApi.registered(name);
        for (int i = 0; i < 4; i++) {
            AuthApi.login(name, "wrong password").statusCode(401);
        }
        AuthApi.login(name, AuthApi.PASSWORD).statusCode(200);
        for (int i = 0; i < 4; i++) {
            AuthApi.login(name, "wrong password").statusCode(401);
        }
        AuthApi.login(name, AuthApi.PASSWORD).statusCode(200);
    }

    /** The test profile bounds an address at 20 failures in the window (50 by default). */
    @Test
    void oneAddressFailingAcrossManyNamesIsThrottled() {
        String ip = AuthApi.randomIp();
        String victim = AuthApi.uniqueName("ipvictim");
        AuthApi.registered(victim);
        for (int i = 0; i < 20; i++) {
            AuthApi.login(AuthApi.uniqueName("spray"), "guess", ip).statusCode(401);
        }
        AuthApi.login(victim, AuthApi.PASSWORD, ip).statusCode(429).body("code", equalTo("RATE_LIMITED"));
        // the same account from another address is fine: the bound is the address's
        AuthApi.login(victim, AuthApi.PASSWORD).statusCode(200);

        ageFailures("client_ip = $1", ip);
        AuthApi.login(victim, AuthApi.PASSWORD, ip).statusCode(200);
    }

    /** Loopback is a trusted proxy here, like a gateway that does not say whom it forwards. */
    @Test
    void aProxyThatNamesNoClientIsNotBoundedAsOneAddress() {
        String name = AuthApi.registeredName(AuthApi.uniqueName("behindproxy"));
        for (int i = 0; i < 21; i++) {
            loginWithoutForwarding(AuthApi.uniqueName("spray"), "guess").statusCode(401);
        }
        loginWithoutForwarding(name, AuthApi.PASSWORD).statusCode(200);
    }

    @Test
    void loginFieldsAreValidated() {
        given().contentType("application/json").body("{\"username\":\"ab\",\"password\":\"x\"}")
                .when().post("/api/auth/login").then().statusCode(400)
                .body("code", equalTo("INVALID")).body("message", containsString("username:"));
        given().contentType("application/json").body("{\"username\":\"valid_name\"}")
                .when().post("/api/auth/login").then().statusCode(400)
                .body("message", equalTo("password: is required"));
    }

    @Test
    void loginsAreCountedInMetrics() {
        String name = AuthApi.uniqueName("metrics");
        AuthApi.registered(name);
        AuthApi.login(name, AuthApi.PASSWORD).statusCode(200);
        given().accept("text/plain").when().get("/q/metrics").then().statusCode(200)
                .body(containsString("parley_auth_logins_total{outcome=\"success\""))
                .body(containsString("parley_auth_registrations_total"));
    }

    private static io.restassured.response.ValidatableResponse loginWithoutForwarding(String name, String password) {
        return given().contentType("application/json")
                .body(java.util.Map.of("username", name, "password", password))
                .when().post("/api/auth/login").then();
    }

    private static io.restassured.response.ValidatableResponse changePassword(String token, String current) {
        return given().auth().oauth2(token).contentType("application/json")
                .body(java.util.Map.of("currentPassword", current, "newPassword", "another long secret"))
                .when().post("/api/auth/password").then();
    }

    /** Moves recorded failures out of the window, as 15 minutes passing would, without waiting for them. */
    private void ageFailures(String where, String value) {
        pool.preparedQuery("UPDATE login_failures SET failed_at = failed_at - interval '16 minutes' WHERE " + where)
                .execute(Tuple.of(value)).await().atMost(Duration.ofSeconds(10));
    }
}
