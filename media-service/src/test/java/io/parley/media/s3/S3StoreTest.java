package io.parley.media.s3;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * media-service with {@code parley.media.store=s3} against a real S3 API server (S3Mock in a JVM of its own), through
 * its REST API: multipart uploads in 5 MiB parts, ranged reads, deletes, encryption at rest, and an upload cut off
 * halfway that leaves no object, no multipart upload and no row.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "media"))
@WithTestResource(S3MockServer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3StoreTest {

    private static final String BOUNDARY = "parley-s3-boundary";
    private static final int MIB = 1024 * 1024;
    private static S3Client s3;

    @Inject
    Pool pool;

    @TestHTTPResource("/api/media")
    URL uploadUrl;

    @BeforeAll
    static void client() {
        s3 = S3MockServer.client();
    }

    @AfterAll
    static void closeClient() {
        s3.close();
    }

    @Test
    void twelveMegabytesGoUpInFiveMebibytePartsAndComeBackWholeAndInRanges() {
        UUID owner = TestUsers.newUser();
        String token = TestUsers.tokenFor(owner);
        byte[] bytes = random(12_000_000);
        String id = MediaApi.upload(token, "big.bin", bytes, "application/octet-stream")
                .statusCode(201)
                .body("size", equalTo(bytes.length))
                .body("sha256", equalTo(MediaApi.sha256(bytes)))
                .extract().path("id");

        // one object, completed from three parts (5 + 5 + the rest): S3's multipart ETag ends in "-<parts>"
        HeadObjectResponse head = s3.headObject(b -> b.bucket(S3MockServer.BUCKET).key(key(id)));
        assertTrue(head.eTag().replace("\"", "").endsWith("-3"), "a three-part upload, ETag " + head.eTag());
        assertTrue(head.contentLength() > bytes.length, "header and a tag per segment on top of the bytes");

        byte[] whole = given().auth().oauth2(token).when().get("/api/media/" + id).then()
                .statusCode(200)
                .header("Content-Length", String.valueOf(bytes.length))
                .extract().asByteArray();
        assertArrayEquals(bytes, whole);

        // across the first part boundary, deep inside, the tail, and one byte at a segment's edge
        assertRange(token, id, bytes, 5_242_000, 5_300_000);
        assertRange(token, id, bytes, 9_000_001, 9_000_001 + 131_072);
        assertRange(token, id, bytes, bytes.length - 1000, bytes.length - 1);
        assertRange(token, id, bytes, 65_535, 65_536);
        given().auth().oauth2(token).header("Range", "bytes=-700").when().get("/api/media/" + id).then()
                .statusCode(206)
                .header("Content-Range", "bytes " + (bytes.length - 700) + "-" + (bytes.length - 1) + "/" + bytes.length);
    }

    @Test
    void theObjectHoldsCiphertextNotThePlaintext() {
        UUID owner = TestUsers.newUser();
        byte[] text = "a secret line that must never sit in the bucket in the clear\n".repeat(3000)
                .getBytes(StandardCharsets.UTF_8);
        String id = MediaApi.uploaded(owner, "notes.txt", text);

        ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(b -> b.bucket(S3MockServer.BUCKET).key(key(id)));
        byte[] object = stored.asByteArray();
        assertTrue(object.length > text.length, "the object carries a header and per-segment tags");
        assertEquals("PMB1", new String(object, 0, 4, StandardCharsets.US_ASCII), "the encrypted blob format");
        assertFalse(new String(object, StandardCharsets.ISO_8859_1).contains("a secret line"),
                "no plaintext in the stored object");
        given().auth().oauth2(TestUsers.tokenFor(owner)).when().get("/api/media/" + id).then()
                .statusCode(200).body(equalTo(new String(text, StandardCharsets.UTF_8)));
    }

    @Test
    void deleteRemovesTheObjectAndItsCachedThumbnails() throws IOException {
        UUID owner = TestUsers.newUser();
        String token = TestUsers.tokenFor(owner);
        String id = MediaApi.uploaded(owner, "picture.png", png(300, 200));
        given().auth().oauth2(token).when().get("/api/media/" + id + "/thumbnail?size=64").then()
                .statusCode(200).header("Content-Type", "image/png");
        // the second one comes from the cached (encrypted) thumbnail object
        given().auth().oauth2(token).when().get("/api/media/" + id + "/thumbnail?size=64").then()
                .statusCode(200).header("Content-Type", "image/png");
        assertEquals(List.of(key(id)), objectsUnder(key(id)));
        assertEquals(List.of("thumbnails/" + id + "/64"), objectsUnder("thumbnails/" + id + "/"));

        given().auth().oauth2(token).when().delete("/api/media/" + id).then().statusCode(204);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> objectsUnder(key(id)).isEmpty() && objectsUnder("thumbnails/" + id + "/").isEmpty());
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(S3MockServer.BUCKET).key(key(id))));
        given().auth().oauth2(token).when().get("/api/media/" + id).then().statusCode(404);
    }

    @Test
    void aClientThatHangsUpHalfwayLeavesNoObjectNoMultipartUploadAndNoRow() throws IOException {
        UUID owner = TestUsers.newUser();
        List<String> before = objectsUnder("files/");
        double aborted = storeOperations("abort_multipart", "ok");
        byte[] content = random(12 * MIB);
        String partHead = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.bin\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\n";
        String end = "\r\n--" + BOUNDARY + "--\r\n";
        long contentLength = partHead.length() + content.length + end.length();

        try (Socket socket = new Socket(uploadUrl.getHost(), uploadUrl.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/media HTTP/1.1\r\nHost: " + uploadUrl.getHost() + ":" + uploadUrl.getPort()
                    + "\r\nAuthorization: Bearer " + TestUsers.tokenFor(owner)
                    + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY
                    + "\r\nContent-Length: " + contentLength + "\r\n\r\n" + partHead)
                    .getBytes(StandardCharsets.US_ASCII));
            // seven of the twelve MiB: the first 5 MiB part is on its way up when the client goes
            out.write(content, 0, 7 * MIB);
            out.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> !multipartUploads().isEmpty());
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> multipartUploads().isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> storeOperations("abort_multipart", "ok") == aborted + 1);
        assertEquals(before, objectsUnder("files/"), "no object was completed");
        assertEquals(0L, rowsOf(owner), "no file row");
    }

    @Test
    void anUploadPastTheLimitMidStreamIsAbortedAfterItsFirstParts() {
        UUID owner = TestUsers.newUser();
        List<String> before = objectsUnder("files/");
        double parts = storeOperations("upload_part", "ok");
        double aborted = storeOperations("abort_multipart", "ok");
        // chunked, so no Content-Length lets the limit refuse it up front: the 16M limit is passed while streaming,
        // after three 5 MiB parts have gone up
        given().auth().oauth2(TestUsers.tokenFor(owner))
                .multiPart("file", "huge.bin", new java.io.ByteArrayInputStream(random(17 * MIB)),
                        "application/octet-stream")
                .when().post("/api/media").then()
                .statusCode(413)
                .body("code", equalTo("TOO_LARGE"))
                .body("message", containsString("upload limit"));

        await().atMost(Duration.ofSeconds(30)).until(() -> multipartUploads().isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> storeOperations("abort_multipart", "ok") == aborted + 1);
        assertEquals(parts + 3, storeOperations("upload_part", "ok"), "three parts went up before the limit");
        assertEquals(before, objectsUnder("files/"));
        assertEquals(0L, rowsOf(owner));
    }

    @Test
    void readinessReportsTheBucketReachable() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'media store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'media store' }.data.store", equalTo("s3 bucket " + S3MockServer.BUCKET));
        given().when().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("parley_media_store_operations_total{"))
                .body(containsString("store=\"s3\""));
    }

    // last: it ends the S3 server
    @Test
    @Order(Integer.MAX_VALUE)
    void withTheStoreDownDownloadsAndUploadsAnswer503AndReadinessIsDown() throws InterruptedException {
        UUID owner = TestUsers.newUser();
        String token = TestUsers.tokenFor(owner);
        String id = MediaApi.uploaded(owner, "kept.txt", "stored before the outage".getBytes(StandardCharsets.UTF_8));

        S3MockServer.kill();

        given().auth().oauth2(token).when().get("/api/media/" + id).then()
                .statusCode(503)
                .body("code", equalTo("UNAVAILABLE"));
        MediaApi.upload(token, "lost.txt", "written during the outage".getBytes(StandardCharsets.UTF_8), "text/plain")
                .statusCode(503)
                .body("code", equalTo("UNAVAILABLE"));
        assertEquals(1L, rowsOf(owner), "the refused upload left no row");
        given().when().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'media store' }.status", equalTo("DOWN"));
    }

    private static void assertRange(String token, String id, byte[] bytes, int first, int last) {
        byte[] part = given().auth().oauth2(token).header("Range", "bytes=" + first + "-" + last)
                .when().get("/api/media/" + id).then()
                .statusCode(206)
                .header("Content-Range", "bytes " + first + "-" + last + "/" + bytes.length)
                .header("Content-Length", String.valueOf(last - first + 1))
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(bytes, first, last + 1), part);
    }

    /** parley_media_store_operations_total{store="s3",operation,outcome} as /q/metrics shows it now (0 if absent). */
    private static double storeOperations(String operation, String outcome) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("parley_media_store_operations_total{")
                        && line.contains("operation=\"" + operation + "\"") && line.contains("outcome=\"" + outcome + "\"")
                        && line.contains("store=\"s3\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String key(String id) {
        return "files/" + id.substring(0, 2) + "/" + id;
    }

    private static List<String> objectsUnder(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(S3MockServer.BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    private static List<String> multipartUploads() {
        return s3.listMultipartUploads(b -> b.bucket(S3MockServer.BUCKET)).uploads().stream()
                .map(u -> u.key() + " " + u.uploadId()).toList();
    }

    private long rowsOf(UUID owner) {
        return pool.preparedQuery("SELECT count(*) AS n FROM files WHERE owner_id = $1").execute(Tuple.of(owner))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("n");
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, (x * 7) << 16 | (y * 5) << 8 | (x + y));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }
}
