package io.parley.kit.internal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code parley.internal.*}: the service credential of the {@code /internal/*} routes (docs/internal-contract.md). */
@ConfigMapping(prefix = "parley.internal")
public interface InternalSettings {

    /** {@code PARLEY_INTERNAL_PRIVATE_KEY_LOCATION}: a PEM PKCS#8 EC P-256 key (callers only). */
    Optional<String> privateKeyLocation();

    /** {@code PARLEY_INTERNAL_PUBLIC_KEY_LOCATION}: the PEM public key that checks the callers' tokens (callees). */
    Optional<String> publicKeyLocation();

    /** This service serves {@code /internal/*}: production mode refuses to start without the public key. */
    @WithDefault("false")
    boolean serves();

    /** This service calls another's {@code /internal/*}: production mode refuses to start without the private key. */
    @WithDefault("false")
    boolean calls();

    /** A service token's life ({@code exp - iat}); it is renewed when a third of it is left. */
    @WithDefault("60s")
    Duration tokenLifetime();

    /** How far the callee lets {@code exp} and {@code iat} miss its own clock. */
    @WithDefault("5s")
    Duration clockSkew();
}
