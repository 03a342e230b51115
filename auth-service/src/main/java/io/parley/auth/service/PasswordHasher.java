package io.parley.auth.service;

import io.parley.auth.config.AuthConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import java.util.UUID;

/**
 * Argon2id password hashes (salted, memory-hard; no 72-byte limit as in bcrypt). Hashing is deliberate CPU and
 * memory work, so it always runs on a worker thread, never on the event loop.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int PARALLELISM = 1;

    private final Argon2PasswordEncoder encoder;
    /** Checked against when the user does not exist, so that an unknown name costs the same time as a known one. */
    private final String decoyHash;

    public PasswordHasher(AuthConfig config) {
        this.encoder = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM, config.hashMemoryKib(),
                config.hashCost());
        this.decoyHash = encoder.encode(UUID.randomUUID().toString());
    }

    public Uni<String> hash(String password) {
        return Uni.createFrom().item(() -> encoder.encode(password))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** True only when the hash exists and matches; a null hash still costs one full verification. */
    public Uni<Boolean> matches(String password, String hashOrNull) {
        return Uni.createFrom().item(() -> {
                    boolean matches = encoder.matches(password, hashOrNull == null ? decoyHash : hashOrNull);
                    return matches && hashOrNull != null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
