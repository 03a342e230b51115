package io.parley.kit.testing;

import io.parley.kit.internal.InternalTokens;
import io.parley.kit.internal.ServiceCredentialKeys;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;
import org.eclipse.microprofile.config.ConfigProvider;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;

/**
 * Service tokens for tests that call {@code /internal/*} as the gateway does (docs/internal-contract.md), signed with
 * the private key the test's configuration names ({@code parley.internal.private-key-location}, which
 * {@code DevstackResource} gives the services that serve those routes), and the ones a callee must refuse.
 */
public final class ServiceTokens {

    private static final Duration LIFE = Duration.ofSeconds(60);

    private ServiceTokens() {
    }

    /** {@code Bearer <the gateway's token for callee>}, as the gateway would send it. */
    public static String gateway(String callee) {
        return "Bearer " + InternalTokens.sign(credential(), "gateway", callee, Instant.now(), LIFE);
    }

    /** A token of the right key and audience that expired 70 s ago (beyond any clock skew). */
    public static String expired(String callee) {
        return "Bearer " + InternalTokens.sign(credential(), "gateway", callee, Instant.now().minusSeconds(130), LIFE);
    }

    /** A well-formed service token for {@code callee} signed by a key that is not the credential's. */
    public static String otherKey(String callee) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return "Bearer " + InternalTokens.sign(generator.generateKeyPair().getPrivate(), "gateway", callee,
                    Instant.now(), LIFE);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey credential() {
        String location = ConfigProvider.getConfig().getValue("parley.internal.private-key-location", String.class);
        try {
            return KeyUtils.decodePrivateKey(ServiceCredentialKeys.read(location), SignatureAlgorithm.ES256);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the service credential's private key " + location, e);
        }
    }
}
