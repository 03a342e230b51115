package io.parley.auth.service;

import io.parley.auth.config.AuthConfig;
import io.parley.auth.domain.KeyRing;
import io.parley.auth.domain.SigningKey;
import io.parley.auth.repository.SigningKeyRepository;
import io.parley.auth.repository.SigningKeyRepository.StoredKey;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.jwt.util.KeyUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Holds the RS256 signing keys in memory for signing and verifying without I/O. Keys come either from PEM files
 * (production: a Kubernetes secret, rotated by the operator) or are generated and kept in the auth database, so a
 * restart or another instance uses the same keys; generated keys rotate on a schedule.
 */
@ApplicationScoped
public class SigningKeyStore {

    private static final Logger LOG = Logger.getLogger(SigningKeyStore.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    private final Pool pool;
    private final SigningKeyRepository repository;
    private final AuthConfig config;
    private volatile KeyRing ring = new KeyRing(List.of(), Duration.ZERO);

    public SigningKeyStore(Pool pool, SigningKeyRepository repository, AuthConfig config) {
        this.pool = pool;
        this.repository = repository;
        this.config = config;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        load();
    }

    /** Reads the keys (creating the first one when the database has none); blocking, for start-up and workers. */
    public void load() {
        if (usesPemKeys()) {
            ring = pemRing();
            LOG.infof("Signing with the configured PEM key %s", ring.signingKey(Instant.now()).orElseThrow().kid());
            return;
        }
        reload();
        if (ring.signingKey(Instant.now()).isEmpty()) {
            store(generate(Instant.now()), existing -> existing.signingKey(Instant.now()).isEmpty());
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
        reload();
        if (rotationDue(ring)) {
            StoredKey next = generate(Instant.now().plus(config.keys().publishAhead()));
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
        StoredKey next = generate(Instant.now().plus(publishAhead));
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

    private void reload() {
        ring = decode(repository.findAll(pool).await().atMost(DB_TIMEOUT));
    }

    private KeyRing decode(List<StoredKey> stored) {
        List<SigningKey> keys = new ArrayList<>();
        for (StoredKey key : stored) {
            try {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                keys.add(new SigningKey(key.kid(),
                        (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(key.publicKey())),
                        rsa.generatePrivate(new PKCS8EncodedKeySpec(key.privateKey())), key.activatesAt()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("stored signing key " + key.kid() + " cannot be decoded", e);
            }
        }
        return new KeyRing(keys, config.accessTokenLifetime().plus(config.clockSkew()));
    }

    private StoredKey generate(Instant activatesAt) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
            return new StoredKey(KeyIds.thumbprint(publicKey), publicKey.getEncoded(),
                    pair.getPrivate().getEncoded(), activatesAt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key pair", e);
        }
    }

    private KeyRing pemRing() {
        AuthConfig.Keys keys = config.keys();
        String publicLocation = keys.publicLocation().orElseThrow(() -> new IllegalStateException(
                "parley.auth.keys.public-location must be set with parley.auth.keys.private-location"));
        try {
            // readKeyContent understands file:, classpath: and https: locations
            PrivateKey privateKey = KeyUtils.decodePrivateKey(KeyUtils.readKeyContent(keys.privateLocation().orElseThrow()));
            RSAPublicKey publicKey = (RSAPublicKey) KeyUtils.decodePublicKey(KeyUtils.readKeyContent(publicLocation));
            List<SigningKey> ring = new ArrayList<>();
            ring.add(new SigningKey(KeyIds.thumbprint(publicKey), publicKey, privateKey, Instant.EPOCH));
            if (keys.previousPublicLocation().isPresent()) {
                RSAPublicKey previous = (RSAPublicKey) KeyUtils.decodePublicKey(
                        KeyUtils.readKeyContent(keys.previousPublicLocation().get()));
                ring.add(new SigningKey(KeyIds.thumbprint(previous), previous, null, Instant.EPOCH.minusSeconds(1)));
            }
            return new KeyRing(ring, null);
        } catch (java.io.IOException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("cannot read the configured RS256 PEM keys: " + e.getMessage(), e);
        }
    }
}
