package io.parley.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The secure mode's PostgreSQL passwords, generated once and kept in owner-only files under
 * {@code <PARLEY_HOME>/postgres-credentials/} (a directory only the owner can enter): {@code postgres.password} for
 * the superuser (the devstack's own logins: roles, databases, grants) and {@code parley_<database>.password} for each
 * service's role.
 */
public final class PostgresCredentials {

    /** The superuser zonky's {@code initdb} creates; in secure mode it logs in with a password over TLS too. */
    public static final String SUPERUSER = "postgres";

    /** What the devstack generates: 24 random bytes in hex. Anything else in a file was not written by us. */
    private static final Pattern GENERATED = Pattern.compile("[0-9a-f]{48}");

    private final Path dir;

    PostgresCredentials(DevstackConfig config) {
        this.dir = config.home().resolve("postgres-credentials");
    }

    /** The role of the service whose database this is: {@code chat} is {@code parley_chat}. */
    public static String role(String database) {
        return "parley_" + database;
    }

    Path file(String user) {
        return dir.resolve(user + ".password");
    }

    boolean exists(String user) {
        return Files.isRegularFile(file(user));
    }

    /**
     * The password of {@code user}. Only hex is accepted: the devstack writes it into {@code ALTER ROLE ... PASSWORD}
     * (DDL takes no bind parameters).
     */
    String password(String user) {
        Path file = file(user);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: start the devstack with PARLEY_SECURE=true first "
                    + "(it generates the PostgreSQL passwords)");
        }
        try {
            String password = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!GENERATED.matcher(password).matches()) {
                throw new IllegalStateException(file + " does not hold a password the devstack generated "
                        + "(48 hex digits); delete it to have a new one generated");
            }
            return password;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The password of {@code user}, generated now (owner-only file, written atomically) if it has none yet. */
    String ensure(String user) {
        if (!exists(user)) {
            try {
                generate(user);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write " + file(user) + ": " + e.getMessage(), e);
            }
        }
        return password(user);
    }

    private void generate(String user) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        Path temporary = Files.createTempFile(dir, user, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, HexFormat.of().formatHex(random) + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary, file(user), StandardCopyOption.ATOMIC_MOVE);
    }
}
