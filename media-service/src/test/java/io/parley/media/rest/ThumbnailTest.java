package io.parley.media.rest;

import io.parley.devstack.DevstackResource;
import io.parley.media.MediaApi;
import io.parley.media.TestUsers;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.zip.CRC32;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Thumbnails keep the aspect ratio within the asked size, are made once, and bombs are refused. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "media"))
class ThumbnailTest {

    @ParameterizedTest(name = "{0} {1}x{2} at size {3} becomes {5} {6}x{7}")
    @CsvSource({
            "png,  800, 400, 100, wide.png, image/png,  100,  50",
            "jpeg, 300, 600, 120, tall.jpg, image/jpeg,  60, 120",
            "gif,   64,  32, 512, icon.gif, image/png,   64,  32"})
    void thumbnailKeepsTheAspectRatioWithinTheSizeAndNeverEnlarges(String format, int width, int height, int size,
            String name, String thumbnailType, int expectedWidth, int expectedHeight) throws IOException {
        UUID owner = TestUsers.newUser();
        String id = MediaApi.uploaded(owner, name, image(width, height, format));

        BufferedImage thumbnail = thumbnail(owner, id, size, thumbnailType);
        assertEquals(expectedWidth, thumbnail.getWidth());
        assertEquals(expectedHeight, thumbnail.getHeight());
    }

    @Test
    void webpIsDetectedAndThumbnailedAsPng() throws IOException {
        UUID owner = TestUsers.newUser();
        // the smallest lossless WebP (1×1): there is no WebP writer in the JDK to make a bigger one
        byte[] webp = java.util.Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
        String id = MediaApi.upload(TestUsers.tokenFor(owner), "dot.bin", webp, "application/octet-stream")
                .statusCode(201).body("contentType", equalTo("image/webp")).extract().path("id");

        BufferedImage thumbnail = thumbnail(owner, id, 64, "image/png");
        assertEquals(1, thumbnail.getWidth());
        assertEquals(1, thumbnail.getHeight());
    }

    @Test
    void thumbnailIsGeneratedOnceThenServedFromTheCache() throws IOException {
        UUID owner = TestUsers.newUser();
        String id = MediaApi.uploaded(owner, "cached.png", image(640, 480, "png"));

        byte[] first = thumbnailBytes(owner, id, 64);
        Path cached = MediaApi.storageDir().resolve("thumbnails").resolve(id).resolve("64");
        assertTrue(Files.isRegularFile(cached), "the thumbnail is stored");
        var storedAt = Files.getLastModifiedTime(cached);

        assertArrayEquals(first, thumbnailBytes(owner, id, 64));
        assertEquals(storedAt, Files.getLastModifiedTime(cached), "served from the cache, not made again");
    }

    @Test
    void imageDeclaringHugeDimensionsIsRefusedNotDecoded() throws IOException {
        UUID owner = TestUsers.newUser();
        String id = MediaApi.uploaded(owner, "bomb.png", pngDeclaring(100_000, 100_000));

        given().auth().oauth2(TestUsers.tokenFor(owner)).queryParam("size", 128)
                .when().get("/api/media/" + id + "/thumbnail").then()
                .statusCode(413)
                .body("code", equalTo("TOO_LARGE"));
    }

    @Test
    void nonImageHasNoThumbnailAndSizeIsValidated() throws IOException {
        UUID owner = TestUsers.newUser();
        String text = MediaApi.uploaded(owner, "a.txt", "just text".getBytes());
        given().auth().oauth2(TestUsers.tokenFor(owner)).when().get("/api/media/" + text + "/thumbnail").then()
                .statusCode(415).body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));

        String png = MediaApi.uploaded(owner, "b.png", image(10, 10, "png"));
        for (String size : new String[] {"513", "0", "-1", "big"}) {
            given().auth().oauth2(TestUsers.tokenFor(owner)).queryParam("size", size)
                    .when().get("/api/media/" + png + "/thumbnail").then()
                    .statusCode(400).body("code", equalTo("INVALID"));
        }
        given().auth().oauth2(TestUsers.tokenFor(TestUsers.newUser())).queryParam("size", 32)
                .when().get("/api/media/" + png + "/thumbnail").then()
                .statusCode(404);
    }

    private static BufferedImage thumbnail(UUID owner, String id, int size, String type) throws IOException {
        byte[] bytes = given().auth().oauth2(TestUsers.tokenFor(owner)).queryParam("size", size)
                .when().get("/api/media/" + id + "/thumbnail").then()
                .statusCode(200).contentType(type).header("X-Content-Type-Options", "nosniff")
                .extract().asByteArray();
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    private static byte[] thumbnailBytes(UUID owner, String id, int size) {
        return given().auth().oauth2(TestUsers.tokenFor(owner)).queryParam("size", size)
                .when().get("/api/media/" + id + "/thumbnail").then().statusCode(200).extract().asByteArray();
    }

    static byte[] image(int width, int height, String format) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            image.setRGB(x, x * height / width, 0x3366cc);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "a writer for " + format);
        return out.toByteArray();
    }

    /** A valid 1×1 PNG whose header claims other dimensions (CRC fixed, so readers believe it). */
    private static byte[] pngDeclaring(int width, int height) throws IOException {
        byte[] png = image(1, 1, "png");
        // signature (8) + IHDR length (4) + "IHDR" (4): width and height follow, then 5 bytes, then the CRC
        ByteBuffer buffer = ByteBuffer.wrap(png);
        buffer.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        buffer.putInt(29, (int) crc.getValue());
        return png;
    }
}
