package io.parley.auth.service;

import io.parley.auth.config.AuthConfig;
import io.parley.auth.domain.KeyEncryptionKey;
import io.parley.auth.domain.SigningKey;
import io.parley.auth.repository.SigningKeyRepository;
import io.parley.auth.DevstackEncryptionKeySource;
import io.parley.devstack.DevstackResource;
import io.parley.devstack.ServiceProcess;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated private keys are stored sealed with the key-encryption key: what a copy of the auth database holds, a
 * restart with a wrong key or none, and rows an older version wrote in plaintext (in a schema of the test's own, so
 * the running instance's keys are not touched), all on the devstack's real PostgreSQL.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class SigningKeysAtRestTest {

    private static final Duration DB = Duration.ofSeconds(30);

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

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String reactiveUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    private KeyEncryptionKey configuredKey() {
        return KeyEncryptionKey.parse(config.keys().encryptionKey().orElseThrow());
    }

    @Test
    void theTestsUseTheDevstacksKeyLikeEveryOtherUserOfItsDatabase() {
        Assumptions.assumeTrue(System.getenv("PARLEY_AUTH_KEYS_ENCRYPTION_KEY") == null, "a key of the caller's");
        assertEquals(ServiceProcess.wiring(DevstackEncryptionKeySource.devstack(),
                        DevstackEncryptionKeySource.authService()).get("parley.auth.keys.encryption-key"),
                config.keys().encryptionKey().orElseThrow());
    }

    @Test
    void theDatabaseHoldsNoUsablePrivateKey() throws Exception {
        keys.signingKey();
        List<Row> rows = rows(pool);
        assertFalse(rows.isEmpty());
        KeyEncryptionKey other = KeyEncryptionKey.parse(KeyEncryptionKey.generateBase64());
        for (Row row : rows) {
            String kid = row.getString("kid");
            assertNull(row.getBuffer("private_key"), "no plaintext private key in " + kid);
            byte[] sealed = row.getBuffer("private_key_sealed").getBytes();
            KeyEncryptionKey.Sealed stored = new KeyEncryptionKey.Sealed(row.getBuffer("private_key_nonce").getBytes(),
                    sealed);
            assertThrows(GeneralSecurityException.class,
                    () -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(sealed)),
                    "the stored bytes are not a PKCS#8 key");
            assertThrows(GeneralSecurityException.class, () -> other.open(kid, stored), "another key does not open it");
            assertThrows(GeneralSecurityException.class, () -> configuredKey().open(kid + "x", stored),
                    "moved to another row, it does not open");
            // while the configured key opens it to the private half of the row's public key
            assertTrue(pairs(configuredKey().open(kid, stored), row.getBuffer("public_key").getBytes()));
        }
    }

    @Test
    void withoutAnEncryptionKeyTheStartFailsAndNothingIsStored() {
        List<String> before = kids(pool);
        SigningKeyStore unconfigured = store(pool, null, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, unconfigured::load);
        assertTrue(e.getMessage().startsWith(SigningKeyStore.NO_KEYS), e.getMessage());
        assertEquals(before, kids(pool));
    }

    @Test
    void aWrongEncryptionKeyStopsTheStartInsteadOfReplacingTheKeys() {
        String signingKid = keys.signingKey().kid();
        List<String> before = kids(pool);
        SigningKeyStore wrong = store(pool, randomKey(), null);
        IllegalStateException e = assertThrows(IllegalStateException.class, wrong::load);
        assertTrue(e.getMessage().startsWith(
                "cannot decrypt the stored signing keys: wrong PARLEY_AUTH_KEYS_ENCRYPTION_KEY?"), e.getMessage());
        assertEquals(before, kids(pool), "no key was added or removed");
        assertEquals(signingKid, keys.signingKey().kid());
    }

    @Test
    void plaintextKeysOfAnOlderVersionAreSealedAtStartAndKeepSigningUntilTheirSuccessorTakesOver() throws Exception {
        String schema = "keys_upgrade_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection db = jdbc(schema)) {
            migrate(db, "V1__users.sql", "V2__tokens_keys_throttle_outbox.sql", "V3__oidc.sql", "V4__bots.sql");
            // two keys as V4 stored them: the one that signed before and the one signing now
            Instant now = Instant.now();
            LegacyKey retired = LegacyKey.insert(db, now.minus(Duration.ofMinutes(10)));
            LegacyKey current = LegacyKey.insert(db, now.minus(Duration.ofMinutes(5)));
            migrate(db, "V5__signing_keys_encrypted.sql");

            Pool upgraded = schemaPool(schema);
            try {
                KeyEncryptionKey kek = configuredKey();
                store(upgraded, kek, null).load();

                Map<String, Row> rows = new HashMap<>();
                rows(upgraded).forEach(row -> rows.put(row.getString("kid"), row));
                assertEquals(3, rows.size(), "the two keys and a successor");
                for (LegacyKey legacy : List.of(retired, current)) {
                    Row row = rows.get(legacy.kid);
                    assertNull(row.getBuffer("private_key"), "the plaintext column is emptied");
                    assertArrayEquals(legacy.pkcs8, kek.open(legacy.kid, new KeyEncryptionKey.Sealed(
                            row.getBuffer("private_key_nonce").getBytes(),
                            row.getBuffer("private_key_sealed").getBytes())));
                }

                // a restart with the same key: the same ring, the same signing key, nothing sealed or added again
                SigningKeyStore restarted = store(upgraded, kek, null);
                restarted.load();
                assertEquals(rows.keySet(), new HashSet<>(kids(upgraded)));
                SigningKey signing = restarted.signingKey();
                assertEquals(current.kid, signing.kid(), "the old key still signs: no one's token breaks");
                assertArrayEquals(current.pkcs8, signing.privateKey().getEncoded());
                assertTrue(restarted.ring().find(retired.kid, Instant.now()).isPresent(),
                        "the retired key still verifies the tokens it signed");
                SigningKey successor = restarted.ring().newest().orElseThrow();
                assertTrue(Duration.between(Instant.now(), successor.activatesAt())
                                .compareTo(config.keys().publishAhead().minusMinutes(1)) > 0,
                        "the successor signs only after publish-ahead: " + successor.activatesAt());
                assertTrue(restarted.ring().published(Instant.now()).contains(successor), "but is published now");

                // another key finds sealed rows it cannot open, and seals nothing (a plaintext row stays as it was)
                LegacyKey late = LegacyKey.insert(db, now.minus(Duration.ofMinutes(1)));
                SigningKeyStore wrong = store(upgraded, randomKey(), null);
                IllegalStateException e = assertThrows(IllegalStateException.class, wrong::load);
                assertTrue(e.getMessage().startsWith("cannot decrypt the stored signing keys"), e.getMessage());
                Row lateRow = rows(upgraded).stream().filter(r -> r.getString("kid").equals(late.kid))
                        .findFirst().orElseThrow();
                assertArrayEquals(late.pkcs8, lateRow.getBuffer("private_key").getBytes());
                assertNull(lateRow.getBuffer("private_key_sealed"));
            } finally {
                upgraded.close().await().atMost(DB);
            }
        } finally {
            try (Connection db = jdbc(null); Statement drop = db.createStatement()) {
                drop.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void rotatingTheEncryptionKeySealsEveryKeyAgainAndKeepsTheRing() throws Exception {
        String schema = "keys_rotation_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection db = jdbc(schema)) {
            migrate(db, "V1__users.sql", "V2__tokens_keys_throttle_outbox.sql", "V3__oidc.sql", "V4__bots.sql",
                    "V5__signing_keys_encrypted.sql");
            Pool keysPool = schemaPool(schema);
            try {
                KeyEncryptionKey old = randomKey();
                KeyEncryptionKey next = randomKey();
                SigningKeyStore before = store(keysPool, old, null);
                before.load();
                before.rotate(Duration.ZERO);
                String signing = before.signingKey().kid();
                List<String> kids = kids(keysPool);
                assertEquals(2, kids.size());

                SigningKeyStore rotated = store(keysPool, next, old);
                rotated.load();
                assertEquals(signing, rotated.signingKey().kid(), "the same key signs: nobody's token breaks");
                assertEquals(kids, kids(keysPool), "no key added or removed");
                for (Row row : rows(keysPool)) {
                    String kid = row.getString("kid");
                    KeyEncryptionKey.Sealed sealed = new KeyEncryptionKey.Sealed(
                            row.getBuffer("private_key_nonce").getBytes(),
                            row.getBuffer("private_key_sealed").getBytes());
                    assertTrue(pairs(next.open(kid, sealed), row.getBuffer("public_key").getBytes()));
                    assertThrows(GeneralSecurityException.class, () -> old.open(kid, sealed), "sealed again");
                }

                // then the previous key can go; the old one alone no longer opens anything
                SigningKeyStore after = store(keysPool, next, null);
                after.load();
                assertEquals(signing, after.signingKey().kid());
                IllegalStateException e = assertThrows(IllegalStateException.class, store(keysPool, old, null)::load);
                assertTrue(e.getMessage().startsWith("cannot decrypt the stored signing keys"), e.getMessage());
                e = assertThrows(IllegalStateException.class, store(keysPool, randomKey(), randomKey())::load);
                assertTrue(e.getMessage().contains("PARLEY_AUTH_KEYS_PREVIOUS_ENCRYPTION_KEY"), e.getMessage());
                assertEquals(kids, kids(keysPool));
            } finally {
                keysPool.close().await().atMost(DB);
            }
        } finally {
            try (Connection db = jdbc(null); Statement drop = db.createStatement()) {
                drop.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** What a start with these key-encryption keys (null: not set) would load from {@code keysPool}. */
    private SigningKeyStore store(Pool keysPool, KeyEncryptionKey key, KeyEncryptionKey previous) {
        return new SigningKeyStore(keysPool, repository, config, metrics, Optional.ofNullable(key),
                Optional.ofNullable(previous));
    }

    private static KeyEncryptionKey randomKey() {
        return KeyEncryptionKey.parse(KeyEncryptionKey.generateBase64());
    }

    /** A key pair in a row as V2-V4 stored it: the private key as plaintext PKCS#8. */
    private record LegacyKey(String kid, byte[] pkcs8) {

        static LegacyKey insert(Connection db, Instant activatesAt) throws Exception {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            KeyPair pair = rsa.generateKeyPair();
            String kid = KeyIds.thumbprint((RSAPublicKey) pair.getPublic());
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO signing_keys "
                    + "(kid, public_key, private_key, activates_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, kid);
                insert.setBytes(2, pair.getPublic().getEncoded());
                insert.setBytes(3, pair.getPrivate().getEncoded());
                insert.setTimestamp(4, Timestamp.from(activatesAt));
                insert.executeUpdate();
            }
            return new LegacyKey(kid, pair.getPrivate().getEncoded());
        }
    }

    /** Runs auth's migrations as Flyway would, in the connection's schema. */
    private static void migrate(Connection db, String... scripts) throws IOException, SQLException {
        for (String script : scripts) {
            try (InputStream in = SigningKeysAtRestTest.class.getClassLoader()
                    .getResourceAsStream("db/migration/" + script)) {
                assertNotNull(in, script);
                try (Statement statement = db.createStatement()) {
                    statement.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** A JDBC connection to the auth database whose tables are those of {@code schema} (created), if given. */
    private Connection jdbc(String schema) throws SQLException {
        Connection db = DriverManager.getConnection(jdbcUrl, user, password);
        if (schema != null) {
            try (Statement statement = db.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
                statement.execute("SET search_path TO " + schema);
            }
        }
        return db;
    }

    /** A pool like the service's, on {@code schema}'s tables. */
    private Pool schemaPool(String schema) {
        PgConnectOptions options = PgConnectOptions.fromUri(reactiveUrl).setUser(user).setPassword(password)
                .setProperties(Map.of("search_path", schema));
        return Pool.newInstance(PgBuilder.pool().connectingTo(options).using(vertx.getDelegate()).build());
    }

    private static List<Row> rows(Pool pool) {
        List<Row> rows = new ArrayList<>();
        pool.query("SELECT * FROM signing_keys ORDER BY activates_at").execute().await().atMost(DB).forEach(rows::add);
        return rows;
    }

    private static List<String> kids(Pool pool) {
        return rows(pool).stream().map(row -> row.getString("kid")).toList();
    }

    private static boolean pairs(byte[] pkcs8, byte[] x509) throws GeneralSecurityException {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        byte[] probe = "probe".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(rsa.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
        signer.update(probe);
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(rsa.generatePublic(new X509EncodedKeySpec(x509)));
        verifier.update(probe);
        return verifier.verify(signer.sign());
    }
}
