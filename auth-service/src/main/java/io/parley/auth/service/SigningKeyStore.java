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
    private volatile KeyRing ring = new KeyRing(List.of(), Duration.ZERO);

    @Inject
    public SigningKeyStore(Pool pool, SigningKeyRepository repository, AuthConfig config, AuthMetrics metrics) {
        this(pool, repository, config, metrics, config.keys().encryptionKey().map(KeyEncryptionKey::parse));
    }

    /** With a key-encryption key of the caller's (or none) instead of the configured one. */
    public SigningKeyStore(Pool pool, SigningKeyRepository repository, AuthConfig config, AuthMetrics metrics,
            Optional<KeyEncryptionKey> encryptionKey) {
        this.pool = pool;
        this.repository = repository;
        this.config = config;
        this.metrics = metrics;
        this.encryptionKey = encryptionKey;
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
        sealPlaintextKeys(key);
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
        // rows an instance of an older version wrote during a rolling upgrade
        sealPlaintextKeys(key);
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
     * Seals the private keys an older version stored in plaintext, all in one transaction under the key lock, after
     * checking that every sealed row opens with {@code key} (a wrong key must not seal anything). When the newest key
     * was one of them, a new key is published to take over after {@code publish-ahead}: the one that sat readable
     * in the database (and in its backups) stops signing.
     */
    private void sealPlaintextKeys(KeyEncryptionKey key) {
        if (repository.findAll(pool).await().atMost(DB_TIMEOUT).stream().noneMatch(StoredKey::isPlaintext)) {
            return;
        }
        // made here, not on the connection's event loop: generating an RSA key takes a while
        StoredKey successor = generate(key, Instant.now().plus(config.keys().publishAhead()));
        int sealed = pool.withTransaction(conn -> repository.lockForKeyChanges(conn)
                        .chain(() -> repository.findAll(conn))
                        .chain(existing -> {
                            List<StoredKey> plaintext = existing.stream().filter(StoredKey::isPlaintext).toList();
                            if (plaintext.isEmpty()) {
                                return Uni.createFrom().item(0);
                            }
                            decode(existing);
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (StoredKey row : plaintext) {
                                chain = chain.chain(() -> repository.seal(conn, row.kid(),
                                        key.seal(row.kid(), row.plaintext())));
                            }
                            if (existing.get(existing.size() - 1).isPlaintext()) {
                                chain = chain.chain(() -> repository.insert(conn, successor));
                            }
                            return chain.replaceWith(plaintext.size());
                        }))
                .await().atMost(DB_TIMEOUT);
        if (sealed > 0) {
            metrics.signingKeysSealed(sealed);
            LOG.infof("Encrypted %d signing key(s) stored in plaintext by an older version; a new key takes over "
                    + "from any of them that still signed in %s", sealed, config.keys().publishAhead());
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

    private byte[] open(StoredKey key) {
        KeyEncryptionKey kek = encryptionKey.orElseThrow(() -> new IllegalStateException(NO_KEYS));
        try {
            return kek.open(key.kid(), key.sealed());
        } catch (GeneralSecurityException e) {
            metrics.signingKeyUnreadable();
            throw new IllegalStateException(WRONG_KEK + " (key " + key.kid() + " does not open)");
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
