package io.parley.cli.net;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * The refresh token per server, kept in {@code $XDG_CONFIG_HOME/parley/credentials.json} (or
 * {@code ~/.config/parley/}): the directory 0700 and the file 0600, written whole through a temporary file that is
 * created 0600, so the token is never readable by others even for a moment.
 */
public final class CredentialStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public CredentialStore(Path directory) {
        this.file = directory.resolve("credentials.json");
    }

    /** The directory the user's environment names. */
    public static Path defaultDirectory(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("parley");
    }

    public Path file() {
        return file;
    }

    /** A saved sign-in for a server. */
    public record Saved(String username, String refreshToken) {
    }

    public synchronized Optional<Saved> load(String server) {
        ObjectNode all = readAll();
        if (!all.has(server)) {
            return Optional.empty();
        }
        var entry = all.path(server);
        return Optional.of(new Saved(entry.path("username").asText(), entry.path("refreshToken").asText()));
    }

    public synchronized void save(String server, String username, String refreshToken) throws IOException {
        ObjectNode all = readAll();
        all.putObject(server).put("username", username).put("refreshToken", refreshToken);
        write(all);
    }

    public synchronized void forget(String server) throws IOException {
        ObjectNode all = readAll();
        if (all.remove(server) != null) {
            write(all);
        }
    }

    private ObjectNode readAll() {
        try {
            if (Files.exists(file)) {
                var node = JSON.readTree(file.toFile());
                if (node instanceof ObjectNode object) {
                    return object;
                }
            }
        } catch (IOException e) {
            // unreadable or corrupt: start afresh (the user signs in again)
        }
        return JSON.createObjectNode();
    }

    private void write(ObjectNode all) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        if (posix) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        Path temp = posix ? Files.createTempFile(dir, "credentials", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, "credentials", ".tmp");
        try {
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        if (posix) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
