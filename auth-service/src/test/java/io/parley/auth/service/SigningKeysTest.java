package io.parley.auth.service;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.parley.auth.AuthApi;
import io.parley.auth.config.AuthConfig;
import io.parley.auth.domain.SigningKey;
import io.parley.auth.repository.SigningKeyRepository;
import io.parley.devstack.DevstackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Generated keys live in the database: a restart keeps them, rotation keeps the previous one published. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class SigningKeysTest {

    @Inject
    SigningKeyStore keys;

    @Inject
    Pool pool;

    @Inject
    SigningKeyRepository repository;

    @Inject
    AuthConfig config;

    @Inject
    AuthMetrics metrics;

    @Test
    void keysSurviveARestart() throws Exception {
        String name = AuthApi.registeredName(AuthApi.uniqueName("restart"));
        SignedJWT before = SignedJWT.parse(AuthApi.session(name).accessToken());

        // what a freshly started instance loads from the same database
        SigningKeyStore restarted = new SigningKeyStore(pool, repository, config, metrics);
        restarted.load();

        SigningKey signing = restarted.signingKey();
        assertEquals(before.getHeader().getKeyID(), signing.kid(), "the restarted instance signs with the same key");
        assertTrue(before.verify(new RSASSAVerifier(signing.publicKey())), "old tokens verify after the restart");
        assertEquals(keys.ring().published(Instant.now()).stream().map(SigningKey::kid).collect(Collectors.toSet()),
                restarted.ring().published(Instant.now()).stream().map(SigningKey::kid).collect(Collectors.toSet()));
    }

    @Test
    void rotationKeepsThePreviousKeyPublishedAndItsTokensValid() throws Exception {
        String name = AuthApi.registeredName(AuthApi.uniqueName("rotate"));
        String oldToken = AuthApi.session(name).accessToken();
        String oldKid = SignedJWT.parse(oldToken).getHeader().getKeyID();

        keys.rotate(Duration.ZERO);

        SignedJWT newToken = SignedJWT.parse(AuthApi.session(name).accessToken());
        String newKid = newToken.getHeader().getKeyID();
        assertNotEquals(oldKid, newKid, "the new key signs");
        JWKSet jwks = servedJwks();
        assertTrue(jwksKids(jwks).containsAll(Set.of(oldKid, newKid)), "both keys are published");
        assertTrue(newToken.verify(new RSASSAVerifier((RSAKey) jwks.getKeyByKeyId(newKid))));
        AuthApi.me(oldToken).statusCode(200);
    }

    @Test
    void aNewKeyIsPublishedBeforeItSigns() throws Exception {
        String name = AuthApi.registeredName(AuthApi.uniqueName("ahead"));
        keys.rotate(Duration.ofHours(1));
        Set<String> published = jwksKids(servedJwks());
        String signingKid = SignedJWT.parse(AuthApi.session(name).accessToken()).getHeader().getKeyID();

        SigningKey coming = keys.ring().newest().orElseThrow();
        assertTrue(coming.activatesAt().isAfter(Instant.now()));
        assertTrue(published.contains(coming.kid()), "the coming key is already in the JWKS");
        assertNotEquals(coming.kid(), signingKid, "but it does not sign yet");
    }

    private static JWKSet servedJwks() throws Exception {
        return JWKSet.parse(given().when().get("/api/auth/jwks").then().statusCode(200).extract().body().asString());
    }

    private static Set<String> jwksKids(JWKSet jwks) {
        return jwks.getKeys().stream().map(k -> k.getKeyID()).collect(Collectors.toSet());
    }
}
