package io.parley.auth.oidc;

import io.parley.auth.AuthApi;
import io.parley.devstack.DevstackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.parley.auth.oidc.OidcProviderResource.ALPHA_CLIENT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The operator's switch: with password sign-in off, only the providers let people in. */
@QuarkusTest
@TestProfile(PasswordLoginOffTest.Off.class)
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
@WithTestResource(OidcProviderResource.class)
class PasswordLoginOffTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.auth.password-login", "false");
        }
    }

    @Test
    void registerAndPasswordLoginAreRefusedWhileProvidersStillSignPeopleIn() {
        String name = AuthApi.uniqueName("local");
        AuthApi.register(name, AuthApi.PASSWORD).statusCode(403).body("code", equalTo("FORBIDDEN"));
        AuthApi.login(name, AuthApi.PASSWORD).statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().when().get("/api/auth/oidc/providers").then().statusCode(200).body("passwordLogin", equalTo(false));

        String token = OidcProviderResource.server.issueToken("alpha", UUID.randomUUID().toString(), ALPHA_CLIENT,
                Map.of("preferred_username", name), 300).serialize();
        given().contentType(ContentType.JSON).body(Map.of("token", token))
                .when().post("/api/auth/oidc/alpha/token").then().statusCode(200)
                .body("user.username", equalTo(name));
    }
}
