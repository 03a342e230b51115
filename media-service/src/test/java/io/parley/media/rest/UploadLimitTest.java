package io.parley.media.rest;

import io.parley.devstack.DevstackResource;
import io.parley.media.MediaApi;
import io.parley.media.TestUsers;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The upload limit and the per-user quota: 413 with a clear message, and nothing left behind. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "media"))
class UploadLimitTest {

    @Inject
    Pool pool;

    @Test
    void uploadOverTheLimitWithContentLengthGets413AndLeavesNothingOnDisk() {
        UUID owner = TestUsers.newUser();
        List<Path> before = MediaApi.filesOnDisk();

        MediaApi.upload(TestUsers.tokenFor(owner), "big.bin", UploadDownloadTest.randomBytes(limit() + 1024 * 1024),
                        "application/octet-stream")
                .statusCode(413)
                .body("code", equalTo("TOO_LARGE"))
                .body("message", containsString("upload limit"));

        assertEquals(before, MediaApi.filesOnDisk());
        assertEquals(0L, usage(owner));
    }

    @Test
    void streamedUploadPassingTheLimitGets413AndLeavesNothingOnDisk() {
        UUID owner = TestUsers.newUser();
        List<Path> before = MediaApi.filesOnDisk();

        // an InputStream part has no known length: the body goes chunked, so only the streamed count can stop it
        given().auth().oauth2(TestUsers.tokenFor(owner))
                .multiPart("file", "stream.bin",
                        new ByteArrayInputStream(UploadDownloadTest.randomBytes(limit() + 512 * 1024)))
                .when().post("/api/media").then()
                .statusCode(413)
                .body("code", equalTo("TOO_LARGE"));

        assertEquals(before, MediaApi.filesOnDisk());
        assertEquals(0L, usage(owner));
    }

    @Test
    void uploadPastTheUserQuotaGets413NamingTheQuota() {
        UUID owner = TestUsers.newUser();
        long quota = ConfigProvider.getConfig().getValue("parley.media.user-quota",
                io.quarkus.runtime.configuration.MemorySize.class).asLongValue();
        // the owner already holds files worth all but 100 bytes of the quota
        pool.preparedQuery("INSERT INTO files (id, owner_id, name, size, content_type, sha256, storage_key)"
                        + " VALUES ($1, $2, 'earlier.bin', $3, 'application/octet-stream', $4, 'files/00/none')")
                .execute(Tuple.of(UUID.randomUUID(), owner, quota - 100, "0".repeat(64)))
                .await().atMost(Duration.ofSeconds(10));

        MediaApi.upload(TestUsers.tokenFor(owner), "small.bin", UploadDownloadTest.randomBytes(500),
                        "application/octet-stream")
                .statusCode(413)
                .body("code", equalTo("TOO_LARGE"))
                .body("message", containsString("quota"));
        MediaApi.upload(TestUsers.tokenFor(owner), "tiny.bin", UploadDownloadTest.randomBytes(50),
                        "application/octet-stream")
                .statusCode(201);
    }

    private static int limit() {
        return (int) ConfigProvider.getConfig().getValue("parley.media.max-upload-size",
                io.quarkus.runtime.configuration.MemorySize.class).asLongValue();
    }

    private long usage(UUID owner) {
        return pool.preparedQuery("SELECT count(*) AS n FROM files WHERE owner_id = $1").execute(Tuple.of(owner))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("n");
    }
}
