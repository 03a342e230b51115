package io.parley.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The key that encrypts the JWT signing keys auth-service generates and stores in its database (issue 18 point 6),
 * in every mode: auth-service's settings, as Quarkus properties. Other services get none. The key is generated once
 * into {@code <PARLEY_HOME>/auth/encryption-key} (owner-only), so the stored keys stay readable across restarts; a
 * {@code PARLEY_AUTH_KEYS_ENCRYPTION_KEY} in the launcher's own environment wins (the service inherits it).
 * auth-service's module tests take the same key from {@link ServiceProcess#wiring}, since they share the devstack's
 * auth database.
 */
final class SigningKeyEncryption {

    static final String PROPERTY = "parley.auth.keys.encryption-key";
    static final String VARIABLE = "PARLEY_AUTH_KEYS_ENCRYPTION_KEY";
    private static final int KEY_BYTES = 32;

    private SigningKeyEncryption() {
    }

    /** The {@code parley.auth.keys.*} settings of auth-service. */
    static Map<String, String> serviceProperties(DevstackConfig config, ServiceProcess.Service service) {
        if (!service.module().equals("auth-service") || !blank(System.getenv(VARIABLE))) {
            return Map.of();
        }
        return Map.of(PROPERTY, ensureKey(config.home().resolve("auth").resolve("encryption-key")));
    }

    /** The key in {@code file}, made first if there is none; instances started at once all read the same one. */
    static String ensureKey(Path file) {
        try {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir.getParent());
                try {
                    Files.createDirectory(dir,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (FileAlreadyExistsException raced) {
                    // made by another process just now
                }
            }
            if (!Files.exists(file)) {
                byte[] raw = new byte[KEY_BYTES];
                new SecureRandom().nextBytes(raw);
                Path fresh = Files.createTempFile(dir, "encryption-key", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try {
                    Files.writeString(fresh, Base64.getEncoder().encodeToString(raw) + "\n");
                    // a link never replaces: if another process got there first, its key stands
                    Files.createLink(file, fresh);
                } catch (FileAlreadyExistsException raced) {
                    // the other process's key is the one
                } finally {
                    Files.deleteIfExists(fresh);
                }
            }
            String value = Files.readString(file, StandardCharsets.US_ASCII).strip();
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                raw = new byte[0];
            }
            if (raw.length != KEY_BYTES) {
                throw new IllegalStateException(file + " does not hold base64 of 32 bytes (auth-service's "
                        + VARIABLE + "): restore it, or, if the auth database is disposable too, delete "
                        + file.getParent().getParent());
            }
            return value;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create auth-service's key-encryption key " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
