package io.parley.auth.service;

import io.parley.auth.config.AuthConfig;
import io.parley.auth.domain.KeyEncryptionKey;
import io.parley.auth.domain.KeyRing;
import io.parley.auth.domain.SigningKey;
import io.parley.auth.repository.SigningKeyRepository;
import io.parley.auth.repository.SigningKeyRepository.StoredKey;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Holds the RS256 signing keys in memory for signing and verifying without I/O. Keys come either from PEM files
 * (production: a Kubernetes secret, rotated by the operator) or are generated and kept in the auth database, their
 * private halves sealed with the key-encryption key ({@link KeyEncryptionKey}), so a restart or another instance uses
 * the same keys while a copy of the database cannot sign; generated keys rotate on a schedule.
 */
@ApplicationScoped
public class SigningKeyStore {

    static final String NO_KEYS = "no signing keys configured: set PARLEY_AUTH_KEYS_PRIVATE_LOCATION and "
            + "PARLEY_AUTH_KEYS_PUBLIC_LOCATION (a PEM key pair, e.g. from a Kubernetes Secret), or "
            + KeyEncryptionKey.VARIABLE + " (base64 of 32 random bytes: openssl rand -base64 32) to generate keys and "
            + "store them encrypted in the auth database";
    static final String WRONG_KEK = "cannot decrypt the stored signing keys: wrong " + KeyEncryptionKey.VARIABLE
            + "? Set the key they were stored with (tokens signed with them stay valid); only to start over with new "
            + "keys (every access token in circulation then fails and clients refresh), delete the rows of the auth "
            + "database's signing_keys table";

    private static final Logger LOG = Logger.getLogger(SigningKeyStore.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    private final Pool pool;
    private final SigningKeyRepository repository;
    private final AuthConfig config;
    private final AuthMetrics metrics;
    private final Optional<KeyEncryptionKey> encryptionKey;
    private final Optional<KeyEncryptionKey> previousEncryptionKey;
    private volatile KeyRing ring = new KeyRing(List.of(), Duration.ZERO);

    @Inject
    public SigningKeyStore(Pool pool, SigningKeyRepository repository, AuthConfig config, AuthMetrics metrics) {
        this(pool, repository, config, metrics, config.keys().encryptionKey().map(KeyEncryptionKey::parse),
                config.keys().previousEncryptionKey().map(KeyEncryptionKey::parsePrevious));
    }

    /** With key-encryption keys of the caller's (or none) instead of the configured ones. */
    public SigningKeyStore(Pool pool, SigningKeyRepository repository, AuthConfig config, AuthMetrics metrics,
            Optional<KeyEncryptionKey> encryptionKey, Optional<KeyEncryptionKey> previousEncryptionKey) {
        this.pool = pool;
        this.repository = repository;
        this.config = config;
        this.metrics = metrics;
        this.encryptionKey = encryptionKey;
        this.previousEncryptionKey = previousEncryptionKey;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        load();
    }

    /**
     * Reads the keys: the PEM pair, or the stored keys (sealing rows an older version left in plaintext, creating
     * the first key when there is none). Blocking, for start-up and workers.
     *
     * @throws IllegalStateException when no keys are configured, the PEM files are wrong or the stored keys do not
     *                               open with the key-encryption key (never a new key ring replacing them)
     */
    public void load() {
        if (PemKeys.configured(config.keys())) {
            ring = PemKeys.load(config.keys());
            LOG.infof("Signing with the configured PEM key %s", ring.signingKey(Instant.now()).orElseThrow().kid());
            return;
        }
        KeyEncryptionKey key = encryptionKey.orElseThrow(() -> new IllegalStateException(NO_KEYS));
        resealKeys(key);
        reload();
        if (ring.signingKey(Instant.now()).isEmpty()) {
            store(generate(key, Instant.now()), existing -> existing.signingKey(Instant.now()).isEmpty());
            LOG.infof("Signing with key %s", ring.signingKey(Instant.now()).map(SigningKey::kid).orElse("?"));
        }
    }

    /** Picks up keys another instance created or rotated. */
    @Scheduled(every = "${parley.auth.keys.reload-interval}", delayed = "${parley.auth.keys.reload-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reloadGenerated() {
        if (!usesPemKeys()) {
            reload();
        }
    }

    @Scheduled(every = "${parley.auth.keys.rotation-check-interval}",
            delayed = "${parley.auth.keys.rotation-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void rotateWhenDue() {
        if (usesPemKeys()) {
            return;
        }
        KeyEncryptionKey key = encryptionKey.orElseThrow();
        // rows an instance of an older version, or with the previous key-encryption key, wrote during a roll-out
        resealKeys(key);
        reload();
        if (rotationDue(ring)) {
            StoredKey next = generate(key, Instant.now().plus(config.keys().publishAhead()));
            if (store(next, this::rotationDue)) {
                LOG.infof("Rotated signing keys: %s signs from %s", next.kid(), next.activatesAt());
            }
        }
    }

    private boolean rotationDue(KeyRing keys) {
        Instant now = Instant.now();
        return keys.newest()
                .map(newest -> !newest.activatesAt().plus(config.keys().rotationPeriod())
                        .minus(config.keys().publishAhead()).isAfter(now))
                .orElse(true);
    }

    /** Publishes a new generated key now; it starts signing after {@code publishAhead}. Blocking. */
    public void rotate(Duration publishAhead) {
        if (usesPemKeys()) {
            throw new IllegalStateException("PEM keys rotate by replacing the configured key files");
        }
        StoredKey next = generate(encryptionKey.orElseThrow(() -> new IllegalStateException(NO_KEYS)),
                Instant.now().plus(publishAhead));
        store(next, existing -> true);
        LOG.infof("Rotated signing keys: %s signs from %s", next.kid(), next.activatesAt());
    }

    public KeyRing ring() {
        return ring;
    }

    /** The key that signs now. */
    public SigningKey signingKey() {
        return ring.signingKey(Instant.now())
                .orElseThrow(() -> new IllegalStateException("no signing key loaded"));
    }

    private boolean usesPemKeys() {
        return config.keys().privateLocation().isPresent();
    }

    /**
     * Inserts the key under the key lock unless {@code stillNeeded} says another instance already did the work, and
     * drops keys no valid token can carry any more.
     *
     * @return whether the key was stored
     */
    private boolean store(StoredKey key, Predicate<KeyRing> stillNeeded) {
        boolean stored = pool.withTransaction(conn -> repository.lockForKeyChanges(conn)
                        .chain(() -> repository.findAll(conn))
                        .chain(existing -> {
                            KeyRing before = decode(existing);
                            if (!stillNeeded.test(before)) {
                                return Uni.createFrom().item(false);
                            }
                            List<String> expired = before.expired(Instant.now()).stream().map(SigningKey::kid).toList();
                            return repository.insert(conn, key).chain(() -> repository.delete(conn, expired))
                                    .replaceWith(true);
                        }))
                .await().atMost(DB_TIMEOUT);
        reload();
        return stored;
    }

    /**
     * Seals with {@code key} the private keys an older version stored in plaintext and those sealed with the previous
     * key-encryption key (its rotation), all in one transaction under the key lock, after checking that every row
     * opens (a wrong key must not seal anything). When the newest key was stored in plaintext, a new key is published
     * to take over after {@code publish-ahead}: the one that sat readable in the database (and in its backups) stops
     * signing.
     */
    private void resealKeys(KeyEncryptionKey key) {
        List<StoredKey> stored = repository.findAll(pool).await().atMost(DB_TIMEOUT);
        if (stored.stream().noneMatch(row -> needsSealing(key, row))) {
            return;
        }
        // made here, not on the connection's event loop: generating an RSA key takes a while
        StoredKey successor = stored.get(stored.size() - 1).isPlaintext()
                ? generate(key, Instant.now().plus(config.keys().publishAhead())) : null;
        int[] counts = pool.withTransaction(conn -> repository.lockForKeyChanges(conn)
                        .chain(() -> repository.findAll(conn))
                        .chain(existing -> {
                            List<StoredKey> due = existing.stream().filter(row -> needsSealing(key, row)).toList();
                            if (due.isEmpty()) {
                                return Uni.createFrom().item(new int[2]);
                            }
                            decode(existing);
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            int[] sealed = new int[2];
                            for (StoredKey row : due) {
                                byte[] pkcs8 = row.isPlaintext() ? row.plaintext() : open(row);
                                sealed[row.isPlaintext() ? 0 : 1]++;
                                chain = chain.chain(() -> repository.seal(conn, row.kid(), key.seal(row.kid(), pkcs8)));
                            }
                            if (successor != null && existing.get(existing.size() - 1).isPlaintext()) {
                                chain = chain.chain(() -> repository.insert(conn, successor));
                            }
                            return chain.replaceWith(sealed);
                        }))
                .await().atMost(DB_TIMEOUT);
        if (counts[0] > 0) {
            metrics.signingKeysSealed("plaintext", counts[0]);
            LOG.infof("Encrypted %d signing key(s) stored in plaintext by an older version; a new key takes over "
                    + "from any of them that still signed in %s", counts[0], config.keys().publishAhead());
        }
        if (counts[1] > 0) {
            metrics.signingKeysSealed("previous-key", counts[1]);
            LOG.infof("Sealed %d signing key(s) again with %s (they were sealed with %s): the previous key can be "
                    + "removed once every instance runs with the new one", counts[1], KeyEncryptionKey.VARIABLE,
                    KeyEncryptionKey.PREVIOUS_VARIABLE);
        }
    }

    /** Plaintext, or (during a rotation of the key-encryption key) not sealed with {@code key}. */
    private boolean needsSealing(KeyEncryptionKey key, StoredKey row) {
        if (row.isPlaintext()) {
            return true;
        }
        if (previousEncryptionKey.isEmpty()) {
            return false;
        }
        try {
            key.open(row.kid(), row.sealed());
            return false;
        } catch (GeneralSecurityException e) {
            return true;
        }
    }

    private void reload() {
        ring = decode(repository.findAll(pool).await().atMost(DB_TIMEOUT));
    }

    private KeyRing decode(List<StoredKey> stored) {
        List<SigningKey> keys = new ArrayList<>();
        for (StoredKey key : stored) {
            byte[] pkcs8 = key.isPlaintext() ? key.plaintext() : open(key);
            try {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                keys.add(new SigningKey(key.kid(),
                        (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(key.publicKey())),
                        rsa.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)), key.activatesAt()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("stored signing key " + key.kid() + " cannot be decoded", e);
            }
        }
        return new KeyRing(keys, config.accessTokenLifetime().plus(config.clockSkew()));
    }

    /** The row's private key, opened with the key-encryption key or else the previous one. */
    private byte[] open(StoredKey key) {
        KeyEncryptionKey kek = encryptionKey.orElseThrow(() -> new IllegalStateException(NO_KEYS));
        try {
            return kek.open(key.kid(), key.sealed());
        } catch (GeneralSecurityException e) {
            if (previousEncryptionKey.isPresent()) {
                try {
                    return previousEncryptionKey.get().open(key.kid(), key.sealed());
                } catch (GeneralSecurityException notEither) {
                    // reported below
                }
            }
            metrics.signingKeyUnreadable();
            throw new IllegalStateException(WRONG_KEK + " (key " + key.kid() + " does not open"
                    + (previousEncryptionKey.isPresent() ? " with it nor with " + KeyEncryptionKey.PREVIOUS_VARIABLE
                    : "") + ")");
        }
    }

    private static StoredKey generate(KeyEncryptionKey kek, Instant activatesAt) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
            String kid = KeyIds.thumbprint(publicKey);
            return new StoredKey(kid, publicKey.getEncoded(), kek.seal(kid, pair.getPrivate().getEncoded()), null,
                    activatesAt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key pair", e);
        }
    }
}
