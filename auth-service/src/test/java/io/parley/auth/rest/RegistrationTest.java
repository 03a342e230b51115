package io.parley.auth.rest;

import io.parley.auth.AuthApi;
import io.parley.devstack.DevstackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class RegistrationTest {

    @Test
    void registrationAnswersTheUserWithoutSecrets() {
        String name = AuthApi.uniqueName("reg");
        given().contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", AuthApi.PASSWORD, "displayName", "Zoë 🦊", "extra", 1))
                .when().post("/api/auth/register").then()
                .statusCode(201)
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .body("username", equalTo(name))
                .body("displayName", equalTo("Zoë 🦊"))
                .body("roles", contains("user"))
                .body("createdAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"))
                .body(not(containsString("password")));
    }

    @Test
    void displayNameDefaultsToTheUsername() {
        String name = AuthApi.uniqueName("reg");
        AuthApi.register(name, AuthApi.PASSWORD).statusCode(201).body("displayName", equalTo(name));
    }

    @Test
    void namesDifferingOnlyInCaseAreOneName() {
        String name = AuthApi.uniqueName("Case");
        AuthApi.register(name, AuthApi.PASSWORD).statusCode(201);
        AuthApi.register(name.toUpperCase(), AuthApi.PASSWORD).statusCode(409)
                .body("code", equalTo("CONFLICT"));
        AuthApi.register(name.toLowerCase(), AuthApi.PASSWORD).statusCode(409)
                .body("code", equalTo("CONFLICT"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "username too short           | {\"username\":\"ab\",\"password\":\"long enough\"}            | username",
            "username too long            | {\"username\":\"abcdefghijklmnopqrstuvwxyz0123456\",\"password\":\"long enough\"} | username",
            "username with a space        | {\"username\":\"ab cd\",\"password\":\"long enough\"}         | username",
            "username with a non-ASCII    | {\"username\":\"zoë123\",\"password\":\"long enough\"}        | username",
            "username missing             | {\"password\":\"long enough\"}                                | username",
            "username of the wrong type   | {\"username\":12345,\"password\":\"long enough\"}             | username",
            "username null                | {\"username\":null,\"password\":\"long enough\"}              | username",
            "password too short           | {\"username\":\"valid_name\",\"password\":\"short\"}          | password",
            "password 7 code points       | {\"username\":\"valid_name\",\"password\":\"🦊🦊🦊🦊🦊🦊🦊\"}   | password",
            "password missing             | {\"username\":\"valid_name\"}                                 | password",
            "password of the wrong type   | {\"username\":\"valid_name\",\"password\":true}               | password",
            "displayName empty            | {\"username\":\"valid_name\",\"password\":\"long enough\",\"displayName\":\"\"} | displayName",
            "displayName blank            | {\"username\":\"valid_name\",\"password\":\"long enough\",\"displayName\":\"   \"} | displayName",
            "displayName control char     | {\"username\":\"valid_name\",\"password\":\"long enough\",\"displayName\":\"a\\u0007b\"} | displayName",
            "displayName of a wrong type  | {\"username\":\"valid_name\",\"password\":\"long enough\",\"displayName\":[1]} | displayName",
    })
    void invalidFieldsAreRefusedNamingTheField(String description, String body, String field) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/auth/register").then()
                .statusCode(400)
                .body("code", equalTo("INVALID"))
                .body("message", startsWith(field + ":"));
    }

    @Test
    void passwordOf129CharactersIsRefusedAnd128Accepted() {
        AuthApi.register(AuthApi.uniqueName("pw"), "p".repeat(129)).statusCode(400)
                .body("message", startsWith("password:"));
        AuthApi.register(AuthApi.uniqueName("pw"), "🦊".repeat(128)).statusCode(201);
    }

    @Test
    void displayNameLengthCountsCodePoints() {
        String sixtyFourFoxes = "🦊".repeat(64);
        given().contentType(ContentType.JSON)
                .body(Map.of("username", AuthApi.uniqueName("dn"), "password", AuthApi.PASSWORD,
                        "displayName", sixtyFourFoxes))
                .when().post("/api/auth/register").then().statusCode(201);
        given().contentType(ContentType.JSON)
                .body(Map.of("username", AuthApi.uniqueName("dn"), "password", AuthApi.PASSWORD,
                        "displayName", sixtyFourFoxes + "x"))
                .when().post("/api/auth/register").then().statusCode(400)
                .body("message", startsWith("displayName:"));
    }

    @Test
    void malformedJsonIsInvalidWithoutParserDetails() {
        given().contentType(ContentType.JSON).body("{\"username\": \"abc\", ")
                .when().post("/api/auth/register").then()
                .statusCode(400)
                .body("code", equalTo("INVALID"))
                .body("message", equalTo("the body is not valid JSON"));
    }

    @Test
    void missingBodyIsInvalid() {
        given().contentType(ContentType.JSON)
                .when().post("/api/auth/register").then()
                .statusCode(400)
                .body("code", equalTo("INVALID"));
    }

    @Test
    void nonJsonBodyIsUnsupportedMediaType() {
        given().contentType(ContentType.TEXT).body("username=abc")
                .when().post("/api/auth/register").then()
                .statusCode(415)
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
    }

    @Test
    void unknownRouteIsNotFoundInTheErrorShape() {
        given().when().get("/api/auth/nothing-here").then()
                .statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
    }
}
