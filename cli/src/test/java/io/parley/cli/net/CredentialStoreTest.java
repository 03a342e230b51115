package io.parley.cli.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialStoreTest {

    @Test
    void theTokenIsSavedOwnerOnlyPerServerAndForgotten(@TempDir Path home) throws Exception {
        Path dir = home.resolve("config/parley");
        CredentialStore store = new CredentialStore(dir);
        store.save("http://a:8080", "alice", "token-1");
        store.save("http://b:8080", "bob", "token-2");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        assertEquals(new CredentialStore.Saved("alice", "token-1"), new CredentialStore(dir).load("http://a:8080")
                .orElseThrow());
        store.save("http://a:8080", "alice", "token-3");
        assertEquals("token-3", store.load("http://a:8080").orElseThrow().refreshToken(), "rotation saved");
        store.forget("http://a:8080");
        assertTrue(store.load("http://a:8080").isEmpty());
        assertEquals("bob", store.load("http://b:8080").orElseThrow().username());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void theDirectoryFollowsXdgConfigHome() {
        assertEquals(Path.of("/x/parley"), CredentialStore.defaultDirectory(Map.of("XDG_CONFIG_HOME", "/x")));
        assertEquals(Path.of(System.getProperty("user.home"), ".config", "parley"),
                CredentialStore.defaultDirectory(Map.of()));
    }

    @Test
    void aCorruptFileCountsAsNoSavedSignIn(@TempDir Path dir) throws Exception {
        CredentialStore store = new CredentialStore(dir);
        Files.writeString(store.file(), "not json");
        assertTrue(store.load("http://a:8080").isEmpty());
    }
}
