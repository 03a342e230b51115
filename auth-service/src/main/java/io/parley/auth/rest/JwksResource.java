package io.parley.auth.rest;

import io.parley.auth.domain.SigningKey;
import io.parley.auth.service.SigningKeyStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;

import java.time.Instant;
import java.util.List;

/** The public keys that verify access tokens: current, previous (while its tokens live) and the next one. */
@Path("/api/auth/jwks")
public class JwksResource {

    /** Verifiers may cache this long; generated keys are published well ahead of signing (publish-ahead). */
    private static final String CACHE_CONTROL = "public, max-age=300";

    private final SigningKeyStore keys;

    public JwksResource(SigningKeyStore keys) {
        this.keys = keys;
    }

    @GET
    @Produces({"application/json", "application/jwk-set+json"})
    public Response jwks() {
        List<SigningKey> published = keys.ring().published(Instant.now());
        JsonWebKeySet set = new JsonWebKeySet();
        for (SigningKey key : published) {
            RsaJsonWebKey jwk = new RsaJsonWebKey(key.publicKey());
            jwk.setKeyId(key.kid());
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            jwk.setUse("sig");
            set.addJsonWebKey(jwk);
        }
        return Response.ok(set.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                .header("Cache-Control", CACHE_CONTROL)
                .build();
    }
}
