package io.parley.kit.internal;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.util.Optional;

/**
 * The service credential's keys, read once at start-up (never on an event loop): a key that is configured but cannot
 * be read stops the service in every mode; a key this service needs ({@link InternalSettings#serves()},
 * {@link InternalSettings#calls()}) and lacks stops it in production mode, naming the variable.
 */
@Startup
@Singleton
public class ServiceCredentialKeys {

    static final String PRIVATE_VARIABLE = "PARLEY_INTERNAL_PRIVATE_KEY_LOCATION";
    static final String PUBLIC_VARIABLE = "PARLEY_INTERNAL_PUBLIC_KEY_LOCATION";

    private final Optional<PrivateKey> privateKey;
    private final Optional<PublicKey> publicKey;

    @Inject
    public ServiceCredentialKeys(InternalSettings settings) {
        this(settings, LaunchMode.current() == LaunchMode.NORMAL);
    }

    ServiceCredentialKeys(InternalSettings settings, boolean production) {
        if (production && settings.serves() && settings.publicKeyLocation().isEmpty()) {
            throw new IllegalStateException(PUBLIC_VARIABLE + " is not set: this service serves /internal/* and "
                    + "needs the public key of the service credential (a PEM file; docs/internal-contract.md)");
        }
        if (production && settings.calls() && settings.privateKeyLocation().isEmpty()) {
            throw new IllegalStateException(PRIVATE_VARIABLE + " is not set: this service calls /internal/* of "
                    + "others and needs the private key of the service credential (a PEM PKCS#8 EC P-256 key; "
                    + "docs/internal-contract.md)");
        }
        this.privateKey = settings.privateKeyLocation().map(location -> {
            try {
                return checked(KeyUtils.decodePrivateKey(read(location), SignatureAlgorithm.ES256), location,
                        PRIVATE_VARIABLE);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw unusable(PRIVATE_VARIABLE, location, e);
            }
        });
        this.publicKey = settings.publicKeyLocation().map(location -> {
            try {
                return checked(KeyUtils.decodePublicKey(read(location), SignatureAlgorithm.ES256), location,
                        PUBLIC_VARIABLE);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw unusable(PUBLIC_VARIABLE, location, e);
            }
        });
    }

    /** The key that signs this service's tokens; empty in a service that calls no {@code /internal/*}. */
    public Optional<PrivateKey> privateKey() {
        return privateKey;
    }

    /** The key that checks callers' tokens; empty: every {@code /internal/*} request is refused. */
    public Optional<PublicKey> publicKey() {
        return publicKey;
    }

    /** The text at a key location: a file path ({@code file:} prefix allowed) or, for tests, {@code classpath:name}. */
    public static String read(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String name = location.substring("classpath:".length()).replaceFirst("^/", "");
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IOException("no such classpath resource");
                }
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        }
        return Files.readString(Path.of(location.startsWith("file:") ? location.substring(5) : location),
                StandardCharsets.US_ASCII);
    }

    private static <K extends java.security.Key> K checked(K key, String location, String variable) {
        if (!(key instanceof ECKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalStateException(variable + " (" + location + ") is not an EC P-256 key");
        }
        return key;
    }

    private static IllegalStateException unusable(String variable, String location, Exception e) {
        if (e instanceof IllegalStateException own && own.getMessage().startsWith(variable)) {
            return own;
        }
        return new IllegalStateException(variable + " (" + location + ") is not a readable PEM EC P-256 key: "
                + e.getMessage(), e);
    }
}
