package io.parley.media.rest;

import io.parley.devstack.DevstackResource;
import io.parley.media.MediaApi;
import io.parley.media.TestUsers;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Random;
import java.util.UUID;

import static io.parley.media.MediaApi.upload;
import static io.parley.media.MediaApi.uploaded;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uploads stream into encrypted storage and come back byte-identical, with the contract's download headers. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "media"))
class UploadDownloadTest {

    @Test
    void randomFiveMebibyteFileRoundTripsByteIdenticalWithItsSha256() {
        UUID owner = TestUsers.newUser();
        byte[] bytes = randomBytes(5 * 1024 * 1024);
        Response created = upload(TestUsers.tokenFor(owner), "data.bin", bytes, "application/octet-stream")
                .statusCode(201)
                .body("name", equalTo("data.bin"))
                .body("size", equalTo(bytes.length))
                .body("sha256", equalTo(MediaApi.sha256(bytes)))
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .extract().response();

        byte[] downloaded = given().auth().oauth2(TestUsers.tokenFor(owner))
                .when().get("/api/media/" + created.path("id")).then()
                .statusCode(200)
                .header("Content-Length", String.valueOf(bytes.length))
                .header("ETag", "\"" + MediaApi.sha256(bytes) + "\"")
                .extract().asByteArray();
        assertArrayEquals(bytes, downloaded);
    }

    @Test
    void storedBlobIsCiphertextNotThePlaintext() throws IOException {
        UUID owner = TestUsers.newUser();
        byte[] text = "a secret line that must never sit on disk in the clear\n".repeat(4000)
                .getBytes(StandardCharsets.UTF_8);
        String id = uploaded(owner, "notes.txt", text);

        byte[] stored = Files.readAllBytes(MediaApi.blobOf(id));
        assertTrue(stored.length > text.length, "the blob carries a header and per-segment tags");
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("a secret line"),
                "no plaintext in the stored blob");
        assertNotEquals(MediaApi.sha256(text), MediaApi.sha256(stored));
    }

    @Test
    void pngNamedExeAndClaimedAsTextIsStoredAsPng() throws IOException {
        UUID owner = TestUsers.newUser();
        String id = upload(TestUsers.tokenFor(owner), "x.exe", png(40, 20), "text/plain")
                .statusCode(201)
                .body("contentType", equalTo("image/png"))
                .body("name", equalTo("x.exe"))
                .extract().path("id");

        given().auth().oauth2(TestUsers.tokenFor(owner)).when().get("/api/media/" + id).then()
                .statusCode(200)
                .contentType("image/png")
                .header("Content-Disposition", startsWith("inline"));
    }

    @Test
    void htmlIsServedAsAnAttachmentThatCannotRunScript() {
        UUID owner = TestUsers.newUser();
        byte[] html = "<!DOCTYPE html><html><head><script>alert(1)</script></head><body>hi</body></html>"
                .getBytes(StandardCharsets.UTF_8);
        String id = upload(TestUsers.tokenFor(owner), "page.png", html, "image/png")
                .statusCode(201).body("contentType", equalTo("text/html")).extract().path("id");

        given().auth().oauth2(TestUsers.tokenFor(owner)).when().get("/api/media/" + id).then()
                .statusCode(200)
                .header("Content-Disposition", startsWith("attachment; filename=\"page.png\""))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", containsString("sandbox"))
                .header("Content-Security-Policy", containsString("default-src 'none'"));
    }

    @Test
    void fileNameLosesPathPartsAndControlCharacters() {
        UUID owner = TestUsers.newUser();
        upload(TestUsers.tokenFor(owner), "..\\..\\etc/ev\u0007il.exe\u0001", "x".getBytes(StandardCharsets.UTF_8),
                "text/plain")
                .statusCode(201)
                .body("name", equalTo("evil.exe"));
    }

    @Test
    void rangeRequestGetsThatSliceAnd206() {
        UUID owner = TestUsers.newUser();
        byte[] bytes = randomBytes(200_000);
        String id = uploaded(owner, "range.bin", bytes);

        byte[] slice = given().auth().oauth2(TestUsers.tokenFor(owner)).header("Range", "bytes=65530-131080")
                .when().get("/api/media/" + id).then()
                .statusCode(206)
                .header("Content-Range", "bytes 65530-131080/200000")
                .header("Content-Length", "65551")
                .extract().asByteArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 65530, 131081), slice);

        byte[] tail = given().auth().oauth2(TestUsers.tokenFor(owner)).header("Range", "bytes=-10")
                .when().get("/api/media/" + id).then()
                .statusCode(206).header("Content-Range", "bytes 199990-199999/200000").extract().asByteArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 199_990, 200_000), tail);
    }

    @Test
    void rangePastTheEndGets416() {
        UUID owner = TestUsers.newUser();
        String id = uploaded(owner, "small.bin", randomBytes(100));

        given().auth().oauth2(TestUsers.tokenFor(owner)).header("Range", "bytes=100-200")
                .when().get("/api/media/" + id).then()
                .statusCode(416)
                .header("Content-Range", "bytes */100");
        given().auth().oauth2(TestUsers.tokenFor(owner)).header("Range", "bytes=50-10")
                .when().get("/api/media/" + id).then()
                .statusCode(416);
    }

    @Test
    void matchingIfNoneMatchGets304WithoutABody() {
        UUID owner = TestUsers.newUser();
        byte[] bytes = randomBytes(1000);
        String id = uploaded(owner, "etag.bin", bytes);
        String etag = given().auth().oauth2(TestUsers.tokenFor(owner)).when().get("/api/media/" + id).then()
                .statusCode(200).extract().header("ETag");
        assertEquals("\"" + MediaApi.sha256(bytes) + "\"", etag);

        given().auth().oauth2(TestUsers.tokenFor(owner)).header("If-None-Match", etag)
                .when().get("/api/media/" + id).then()
                .statusCode(304)
                .header("ETag", etag);
        given().auth().oauth2(TestUsers.tokenFor(owner)).header("If-None-Match", "\"something-else\"")
                .when().get("/api/media/" + id).then()
                .statusCode(200);
    }

    @Test
    void headDescribesTheFileWithoutSendingIt() {
        UUID owner = TestUsers.newUser();
        byte[] bytes = randomBytes(5000);
        String id = uploaded(owner, "head.bin", bytes);

        given().auth().oauth2(TestUsers.tokenFor(owner)).when().head("/api/media/" + id).then()
                .statusCode(200)
                .header("Content-Length", "5000")
                .header("ETag", "\"" + MediaApi.sha256(bytes) + "\"")
                .header("Accept-Ranges", "bytes");
    }

    @Test
    void requestsWithoutAValidTokenAre401() {
        given().multiPart("file", "a.txt", "hello".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/media").then()
                .statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().auth().oauth2("not-a-jwt").when().get("/api/media/" + UUID.randomUUID()).then()
                .statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void uploadWithoutTheFileFieldIsInvalid() {
        given().auth().oauth2(TestUsers.tokenFor(TestUsers.newUser()))
                .multiPart("other", "a.txt", "hello".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/media").then()
                .statusCode(400).body("code", equalTo("INVALID"));
        given().auth().oauth2(TestUsers.tokenFor(TestUsers.newUser()))
                .contentType("application/json").body("{\"file\":\"x\"}")
                .when().post("/api/media").then()
                .statusCode(415).body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
    }

    @Test
    void unknownOrMalformedIdIs404() {
        String token = TestUsers.tokenFor(TestUsers.newUser());
        given().auth().oauth2(token).when().get("/api/media/" + UUID.randomUUID()).then()
                .statusCode(404).body("code", equalTo("NOT_FOUND"));
        given().auth().oauth2(token).when().get("/api/media/not-a-uuid").then()
                .statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void uploadsAndDownloadsAreCountedInMetrics() {
        UUID owner = TestUsers.newUser();
        String id = uploaded(owner, "counted.bin", randomBytes(10));
        given().auth().oauth2(TestUsers.tokenFor(owner)).when().get("/api/media/" + id).then().statusCode(200);

        given().accept("text/plain").when().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("parley_media_uploads_total{outcome=\"stored\""))
                .body(containsString("parley_media_upload_bytes_total"))
                .body(containsString("parley_media_downloads_total{partial=\"false\""));
    }

    @Test
    void openApiDescribesTheStreamingUploadRoute() {
        given().when().get("/q/openapi?format=json").then()
                .statusCode(200)
                .body("paths.'/api/media'.post.requestBody.content.'multipart/form-data'.schema.required[0]",
                        equalTo("file"))
                .body("paths.'/api/media/{id}'.get", org.hamcrest.Matchers.notNullValue());
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }

    static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        assertTrue(ImageIO.read(new ByteArrayInputStream(out.toByteArray())) != null);
        return out.toByteArray();
    }
}
