package io.parley.media;

import io.restassured.response.ValidatableResponse;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;

/** The media API as a client calls it, plus a look at the blob store directory. */
public final class MediaApi {

    private MediaApi() {
    }

    public static ValidatableResponse upload(String token, String name, byte[] bytes, String claimedType) {
        return given().auth().oauth2(token)
                .multiPart("file", name, bytes, claimedType)
                .when().post("/api/media").then();
    }

    /** Uploads and returns the new file's id. */
    public static String uploaded(UUID owner, String name, byte[] bytes) {
        return upload(TestUsers.tokenFor(owner), name, bytes, "application/octet-stream")
                .statusCode(201).extract().path("id");
    }

    public static Path storageDir() {
        return Path.of(ConfigProvider.getConfig().getValue("parley.media.storage-dir", String.class));
    }

    /** The stored (encrypted) blob of a file. */
    public static Path blobOf(String fileId) {
        return storageDir().resolve("files").resolve(fileId.substring(0, 2)).resolve(fileId);
    }

    /** Every regular file under the store, temp files included. */
    public static List<Path> filesOnDisk() {
        try (Stream<Path> paths = Files.walk(storageDir())) {
            return paths.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
