package io.parley.auth.rest;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.parley.auth.AuthApi;
import io.parley.auth.domain.SigningKey;
import io.parley.auth.service.SigningKeyStore;
import io.parley.devstack.DevstackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Access tokens verify with an independent library (Nimbus) against the served JWKS; bad ones are refused. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class AccessTokenTest {

    private static final String ISSUER = "https://chat.example/auth";

    @Inject
    SigningKeyStore keys;

    @Test
    void accessTokenVerifiesWithAnIndependentLibraryAgainstTheServedJwks() throws Exception {
        String name = AuthApi.uniqueName("jwt");
        String id = AuthApi.registered(name);
        SignedJWT jwt = SignedJWT.parse(AuthApi.session(name).accessToken());

        JWKSet jwks = JWKSet.parse(given().when().get("/api/auth/jwks").then().statusCode(200)
                .extract().body().asString());
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "the token's kid is in the JWKS");
        assertTrue(key.getKeyID() != null && !key.isPrivate(), "the JWKS carries only public keys");
        assertTrue(jwt.verify(new RSASSAVerifier(key)), "the signature verifies with the published key");

        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals(ISSUER, claims.getIssuer());
        assertEquals(id, claims.getSubject());
        assertEquals(name, claims.getStringClaim("upn"));
        assertEquals(List.of("user"), claims.getStringListClaim("groups"));
        assertNotNull(claims.getJWTID());
        assertEquals(900, (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000);
    }

    @Test
    void meAnswersTheCallersUser() {
        String name = AuthApi.uniqueName("me");
        String id = AuthApi.registered(name);
        AuthApi.me(AuthApi.session(name).accessToken()).statusCode(200)
                .body("id", equalTo(id)).body("username", equalTo(name)).body("roles[0]", equalTo("user"));
    }

    @Test
    void expiredTokenIsRefused() throws Exception {
        String id = AuthApi.registered(AuthApi.uniqueName("exp"));
        Instant past = Instant.now().minusSeconds(3600);
        refused(signedWithServiceKey(claims(id, ISSUER).issueTime(Date.from(past))
                .expirationTime(Date.from(past.plusSeconds(900))).build()));
    }

    @Test
    void wrongIssuerIsRefused() throws Exception {
        String id = AuthApi.registered(AuthApi.uniqueName("iss"));
        refused(signedWithServiceKey(claims(id, "https://evil.example/auth").build()));
    }

    @Test
    void tokenSignedByTheServiceKeyButWellFormedIsAccepted() throws Exception {
        // the control for the refusals around it: only the one changed detail makes them fail
        String id = AuthApi.registered(AuthApi.uniqueName("ctrl"));
        AuthApi.me(signedWithServiceKey(claims(id, ISSUER).build())).statusCode(200).body("id", equalTo(id));
    }

    @Test
    void tamperedTokenIsRefused() {
        String victim = AuthApi.registered(AuthApi.uniqueName("victim"));
        String token = AuthApi.session(AuthApi.registeredName(AuthApi.uniqueName("tamper"))).accessToken();
        String[] parts = token.split("\\.");
        String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
                .replaceFirst("\"sub\":\"[^\"]+\"", "\"sub\":\"" + victim + "\"");
        refused(parts[0] + "." + Base64URL.encode(payload) + "." + parts[2]);
    }

    @Test
    void algNoneIsRefused() {
        String token = AuthApi.session(AuthApi.registeredName(AuthApi.uniqueName("none"))).accessToken();
        String payload = token.split("\\.")[1];
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        refused(header + "." + payload + ".");
    }

    @Test
    void hmacSignedWithThePublicKeyIsRefused() throws Exception {
        String id = AuthApi.registered(AuthApi.uniqueName("hs"));
        SigningKey key = keys.signingKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.kid()).build(),
                claims(id, ISSUER).build());
        jwt.sign(new MACSigner(java.util.Arrays.copyOf(key.publicKey().getEncoded(), 64)));
        refused(jwt.serialize());
    }

    @Test
    void tokenOfAnUnknownKeyIsRefused() throws Exception {
        String id = AuthApi.registered(AuthApi.uniqueName("kid"));
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(keys.signingKey().kid()).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(stranger.getKeyID()).build(),
                claims(id, ISSUER).build());
        jwt.sign(new RSASSASigner(stranger));
        refused(jwt.serialize());
    }

    @Test
    void missingTokenIsUnauthenticated() {
        given().when().get("/api/auth/me").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().header("Authorization", "Bearer not.a.jwt").when().get("/api/auth/me").then()
                .statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void jwksIsPublic() {
        given().when().get("/api/auth/jwks").then().statusCode(200)
                .body("keys[0].kty", equalTo("RSA")).body("keys[0].alg", equalTo("RS256"))
                .body("keys[0].use", equalTo("sig"));
    }

    private static JWTClaimsSet.Builder claims(String userId, String issuer) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).subject(userId).claim("upn", "someone")
                .claim("groups", List.of("user")).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString());
    }

    /** Signed by Nimbus with the service's real current key: only the claims can make it fail. */
    private String signedWithServiceKey(JWTClaimsSet claims) throws Exception {
        SigningKey key = keys.signingKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.kid())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key.privateKey()));
        return jwt.serialize();
    }

    private static void refused(String token) {
        AuthApi.me(token).statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }
}
