package io.parley.media.rest;

import io.parley.devstack.DevstackResource;
import io.parley.media.MediaApi;
import io.parley.media.TestUsers;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The upload limit and the per-user quota: 413 with a clear message, and nothing left behind. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "media"))
class UploadLimitTest {

    private static final String BOUNDARY = "parley-test-boundary";

    @Inject
    Pool pool;

    @TestHTTPResource("/api/media")
    URL uploadUrl;

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
        fillQuotaLeaving(owner, 100);

        MediaApi.upload(TestUsers.tokenFor(owner), "small.bin", UploadDownloadTest.randomBytes(500),
                        "application/octet-stream")
                .statusCode(413)
                .body("code", equalTo("TOO_LARGE"))
                .body("message", containsString("quota"));
        MediaApi.upload(TestUsers.tokenFor(owner), "tiny.bin", UploadDownloadTest.randomBytes(50),
                        "application/octet-stream")
                .statusCode(201);
    }

    @Test
    void parallelUploadsCannotTogetherPassTheQuota() throws Exception {
        UUID owner = TestUsers.newUser();
        fillQuotaLeaving(owner, 1000);
        List<Path> before = MediaApi.filesOnDisk();

        // each fits what is left, both together do not: the row insert is serialised per owner, so one must lose
        var uploads = java.util.stream.IntStream.range(0, 2)
                .mapToObj(i -> java.util.concurrent.CompletableFuture.supplyAsync(() -> MediaApi.upload(
                        TestUsers.tokenFor(owner), "half-" + i + ".bin", UploadDownloadTest.randomBytes(800),
                        "application/octet-stream").extract().statusCode()))
                .toList();
        List<Integer> statuses = new java.util.ArrayList<>();
        for (var upload : uploads) {
            statuses.add(upload.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }

        assertEquals(List.of(201, 413), statuses.stream().sorted().toList());
        assertEquals(before.size() + 1, MediaApi.filesOnDisk().size(), "the losing upload's blob is removed");
        assertEquals(2L, usage(owner));
    }

    @Test
    void oversizedUploadAskingToContinueIsRefusedBeforeItsBodyIsSent() throws IOException {
        // a raw exchange: only the headers go out, the body never does
        try (Socket socket = new Socket(uploadUrl.getHost(), uploadUrl.getPort())) {
            socket.setSoTimeout(20_000);
            writeHeaders(socket, TestUsers.tokenFor(TestUsers.newUser()), limit() + 1024 * 1024);
            String answer = readAnswer(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("\"TOO_LARGE\""), answer);
        }
    }

    @Test
    void acceptedUploadAskingToContinueGets100ThenIsStored() throws IOException {
        byte[] body = multipart("continued.bin", new byte[] {1, 2, 3});
        try (Socket socket = new Socket(uploadUrl.getHost(), uploadUrl.getPort())) {
            socket.setSoTimeout(20_000);
            writeHeaders(socket, TestUsers.tokenFor(TestUsers.newUser()), body.length);
            String interim = readAnswer(socket);
            assertTrue(interim.startsWith("HTTP/1.1 100"), interim);
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            String answer = readAnswer(socket);
            assertTrue(answer.startsWith("HTTP/1.1 201"), answer);
            assertTrue(answer.contains("\"name\":\"continued.bin\""), answer);
        }
    }

    private void writeHeaders(Socket socket, String token, long contentLength) throws IOException {
        String head = "POST /api/media HTTP/1.1\r\nHost: " + uploadUrl.getHost() + ":" + uploadUrl.getPort()
                + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY
                + "\r\nContent-Length: " + contentLength + "\r\nExpect: 100-continue\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** One response: its head, and its body when it declares a Content-Length. */
    private static String readAnswer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(15).trim());
                return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
        }
        return text;
    }

    private static byte[] multipart(String name, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The owner already holds files worth all but {@code left} bytes of the quota. */
    private void fillQuotaLeaving(UUID owner, long left) {
        long quota = ConfigProvider.getConfig().getValue("parley.media.user-quota",
                io.quarkus.runtime.configuration.MemorySize.class).asLongValue();
        pool.preparedQuery("INSERT INTO files (id, owner_id, name, size, content_type, sha256, storage_key)"
                        + " VALUES ($1, $2, 'earlier.bin', $3, 'application/octet-stream', $4, 'files/00/none')")
                .execute(Tuple.of(UUID.randomUUID(), owner, quota - left, "0".repeat(64)))
                .await().atMost(Duration.ofSeconds(10));
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
