package io.parley.devstack;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The credential of the services' {@code /internal/*} routes (issue 18 point 5, docs/internal-contract.md), in every
 * mode: one EC P-256 pair generated once under {@code <PARLEY_HOME>/internal/} ({@code private.pem} PKCS#8, readable
 * by the owner only; {@code public.pem}); the gateway, the one caller, gets the private key, the services that serve
 * {@code /internal/*} get the public key.
 */
final class InternalCredentials {

    /** The callers of another service's {@code /internal/*}. */
    static final Set<String> CALLERS = Set.of("gateway");
    /** The services that serve {@code /internal/*}. */
    static final Set<String> CALLEES = Set.of("chat-service", "session-service");

    private InternalCredentials() {
    }

    /** The {@code parley.internal.*} settings of one service. */
    static Map<String, String> serviceProperties(DevstackConfig config, ServiceProcess.Service service) {
        if (CALLERS.contains(service.module())) {
            return Map.of("parley.internal.private-key-location", ensure(config).resolve("private.pem").toString());
        }
        if (CALLEES.contains(service.module())) {
            return Map.of("parley.internal.public-key-location", ensure(config).resolve("public.pem").toString());
        }
        return Map.of();
    }

    /**
     * {@code <PARLEY_HOME>/internal}, generated now if missing: written to a directory of its own first and renamed
     * into place, so that processes starting at once never see half a pair or two different pairs.
     */
    static Path ensure(DevstackConfig config) {
        Path dir = config.home().resolve("internal");
        if (Files.isRegularFile(dir.resolve("private.pem")) && Files.isRegularFile(dir.resolve("public.pem"))) {
            return dir;
        }
        Path staging = config.home().resolve("internal-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Files.createFile(staging.resolve("private.pem"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(staging.resolve("private.pem"),
                    Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(staging.resolve("public.pem"),
                    Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()));
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException other) {
                // another process was first (or left an empty directory): keep what is there if it is whole
                if (!Files.isRegularFile(dir.resolve("public.pem"))) {
                    throw new IOException(dir + " exists without a key pair: remove it", other);
                }
            }
            return dir;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate the /internal/* credential under " + dir + ": "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(staging);
        }
    }

    private static void deleteQuietly(Path staging) {
        try {
            Files.deleteIfExists(staging.resolve("private.pem"));
            Files.deleteIfExists(staging.resolve("public.pem"));
            Files.deleteIfExists(staging);
        } catch (IOException ignored) {
            // a stray staging directory holds nothing anyone reads
        }
    }
}
