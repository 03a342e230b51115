package io.parley.media.rest;

import io.parley.devstack.DevstackResource;
import io.parley.events.Envelope;
import io.parley.events.EventTypes.MediaEvents;
import io.parley.media.KafkaRecords;
import io.parley.media.MediaApi;
import io.parley.media.TestUsers;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** media.events tells chat-service about files; a delete removes the blob, the row and announces it. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "media"))
class MediaEventsTest {

    @Inject
    Pool pool;

    @Test
    void fileWhoseAnnouncementWasNeverAcknowledgedIsPublishedByTheRelay() {
        UUID id = UUID.randomUUID();
        UUID owner = TestUsers.newUser();
        // as if the instance had died between the row's commit and Kafka's acknowledgement
        pool.preparedQuery("INSERT INTO files (id, owner_id, name, size, content_type, sha256, storage_key,"
                        + " created_at, announced) VALUES ($1, $2, 'late.txt', 5, 'text/plain', $3, 'files/00/late',"
                        + " now() - interval '1 minute', false)")
                .execute(Tuple.of(id, owner, "0".repeat(64))).await().atMost(Duration.ofSeconds(10));

        List<Envelope> records = KafkaRecords.readByKey("media.events", id.toString(), 1, Duration.ofSeconds(30));
        assertEquals(List.of(MediaEvents.FILE_UPLOADED), records.stream().map(Envelope::type).toList());
        assertEquals("late.txt", records.get(0).data().path("name").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> pool
                .preparedQuery("SELECT announced FROM files WHERE id = $1").execute(Tuple.of(id))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getBoolean("announced"));
    }

    @Test
    void uploadIsAnnouncedAndDeleteRemovesTheBlobAndTheRowAndIsAnnounced() throws Exception {
        UUID owner = TestUsers.newUser();
        byte[] png = ThumbnailTest.image(300, 200, "png");
        String id = MediaApi.uploaded(owner, "chart.png", png);
        given().auth().oauth2(TestUsers.tokenFor(owner)).queryParam("size", 16)
                .when().get("/api/media/" + id + "/thumbnail").then().statusCode(200);
        assertTrue(Files.exists(MediaApi.blobOf(id)));
        assertTrue(Files.exists(MediaApi.storageDir().resolve("thumbnails").resolve(id)));

        given().auth().oauth2(TestUsers.tokenFor(owner)).when().delete("/api/media/" + id).then().statusCode(204);

        assertFalse(Files.exists(MediaApi.blobOf(id)), "the blob is gone");
        assertFalse(Files.exists(MediaApi.storageDir().resolve("thumbnails").resolve(id)), "its thumbnails too");
        given().auth().oauth2(TestUsers.tokenFor(owner)).when().get("/api/media/" + id).then().statusCode(404);
        given().auth().oauth2(TestUsers.tokenFor(owner)).when().delete("/api/media/" + id).then().statusCode(404);

        List<Envelope> records = KafkaRecords.readByKey("media.events", id, 2, Duration.ofSeconds(30));
        assertEquals(List.of(MediaEvents.FILE_UPLOADED, MediaEvents.FILE_DELETED),
                records.stream().map(Envelope::type).toList());
        Envelope uploaded = records.get(0);
        assertEquals(id, uploaded.data().path("id").asText());
        assertEquals(owner.toString(), uploaded.data().path("ownerId").asText());
        assertEquals("chart.png", uploaded.data().path("name").asText());
        assertEquals(png.length, uploaded.data().path("size").asLong());
        assertEquals("image/png", uploaded.data().path("contentType").asText());
        assertEquals(owner.toString(), records.get(1).data().path("ownerId").asText());
    }
}
