package io.parley.auth.service;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.parley.auth.AuthApi;
import io.parley.devstack.DevstackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.util.KeyUtils;
import org.junit.jupiter.api.Test;

import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Production set-up: a PEM key pair (and the previous public key) from configured locations; the first admin. */
@QuarkusTest
@TestProfile(PemKeysTest.PemKeysAndAdmin.class)
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class PemKeysTest {

    static final String ADMIN = AuthApi.uniqueName("root");

    /** As in production: files (there mounted from a Kubernetes secret). */
    static String keyFile(String name) {
        return "file:" + java.nio.file.Path.of("src/test/resources/keys", name).toAbsolutePath();
    }

    /** The key files in src/test/resources/keys; an admin name unique to this run. */
    public static class PemKeysAndAdmin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "parley.auth.keys.private-location", keyFile("private.pem"),
                    "parley.auth.keys.public-location", keyFile("public.pem"),
                    "parley.auth.keys.previous-public-location", keyFile("previous-public.pem"),
                    "parley.admin.username", ADMIN,
                    "parley.admin.password", AuthApi.PASSWORD);
        }
    }

    @Test
    void tokensAreSignedWithTheConfiguredKeyAndBothPublicKeysArePublished() throws Exception {
        String current = KeyIds.thumbprint((RSAPublicKey) KeyUtils.decodePublicKey(KeyUtils.readKeyContent(keyFile("public.pem"))));
        String previous = KeyIds.thumbprint(
                (RSAPublicKey) KeyUtils.decodePublicKey(KeyUtils.readKeyContent(keyFile("previous-public.pem"))));
        JWKSet jwks = JWKSet.parse(given().when().get("/api/auth/jwks").then().statusCode(200)
                .extract().body().asString());
        Set<String> kids = jwks.getKeys().stream().map(k -> k.getKeyID()).collect(Collectors.toSet());
        assertEquals(Set.of(current, previous), kids);

        SignedJWT token = SignedJWT.parse(AuthApi.session(AuthApi.registeredName(AuthApi.uniqueName("pem")))
                .accessToken());
        assertEquals(current, token.getHeader().getKeyID());
        assertTrue(token.verify(new RSASSAVerifier((RSAKey) jwks.getKeyByKeyId(current))));
    }

    @Test
    void theConfiguredAdminExistsAfterStartUp() {
        AuthApi.login(ADMIN, AuthApi.PASSWORD).statusCode(200).body("user.roles", hasItems("user", "admin"));
    }
}
