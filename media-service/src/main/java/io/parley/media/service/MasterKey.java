package io.parley.media.service;

import io.parley.media.config.MediaConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The AES-256 key that wraps every file's data key: {@code parley.media.master-key} when set (production: a
 * Kubernetes secret), otherwise a key generated on first start and kept in {@code parley.media.master-key-file}
 * so that a developer's files stay readable across restarts. Loaded at start-up, so a bad key fails the boot, not
 * the first upload. The key itself is never logged.
 */
@Startup
@ApplicationScoped
public class MasterKey {

    private static final Logger LOG = Logger.getLogger(MasterKey.class);
    private static final int KEY_BYTES = 32;

    private final SecretKey key;

    public MasterKey(MediaConfig config) {
        byte[] raw = config.masterKey().filter(s -> !s.isBlank())
                .map(MasterKey::decode)
                .orElseGet(() -> loadOrGenerate(config.masterKeyFile()));
        this.key = new SecretKeySpec(raw, "AES");
    }

    public SecretKey key() {
        return key;
    }

    private static byte[] decode(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("parley.media.master-key is not base64");
        }
        if (raw.length != KEY_BYTES) {
            throw new IllegalStateException("parley.media.master-key must decode to 32 bytes, not " + raw.length);
        }
        return raw;
    }

    private static byte[] loadOrGenerate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[KEY_BYTES];
                new SecureRandom().nextBytes(fresh);
                writeOwnerOnly(file, Base64.getEncoder().encodeToString(fresh));
                LOG.warnf("generated a development master key in %s: set parley.media.master-key in production",
                        file.toAbsolutePath());
            }
            return decode(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key file " + file, e);
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content);
        } catch (FileAlreadyExistsException raced) {
            // another instance created it first: use that one
        }
    }
}
