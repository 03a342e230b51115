package io.parley.media.repository;

import io.parley.media.config.MediaConfig;
import io.quarkus.runtime.configuration.MemorySize;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The S3 store's settings are checked at start-up: every problem named with its env variable, the secret never. */
class S3SettingsTest {

    @Test
    void aCompleteConfigurationIsAccepted() {
        S3BlobStore.Settings settings = S3BlobStore.Settings.of(
                s3(" http://minio:9000 ", "media-bucket", "AKID", "s3cr3t-value", 8));
        assertEquals(Optional.of(URI.create("http://minio:9000")), settings.endpoint());
        assertEquals("media-bucket", settings.bucket());
        assertEquals(8 * 1024 * 1024, settings.partSize());
        assertFalse(settings.toString().contains("s3cr3t-value"), settings.toString());
        assertFalse(settings.describe().contains("s3cr3t-value"));
    }

    @Test
    void noEndpointMeansAwsAndNoKeysMeanTheDefaultChain() {
        S3BlobStore.Settings settings = S3BlobStore.Settings.of(s3(null, "media-bucket", null, null, 5));
        assertEquals(Optional.empty(), settings.endpoint());
        assertTrue(settings.describe().contains("default credential chain"), settings.describe());
    }

    @Test
    void everyProblemIsNamedAtOnceWithoutTheSecret() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> S3BlobStore.Settings.of(s3("minio:9000", null, null, "s3cr3t-value", 4)));
        String message = refused.getMessage();
        assertTrue(message.contains("PARLEY_MEDIA_S3_ENDPOINT"), message);
        assertTrue(message.contains("PARLEY_MEDIA_S3_BUCKET"), message);
        assertTrue(message.contains("PARLEY_MEDIA_S3_ACCESS_KEY_ID"), message);
        assertTrue(message.contains("PARLEY_MEDIA_S3_PART_SIZE"), message);
        assertFalse(message.contains("s3cr3t-value"), message);
    }

    @Test
    void aBucketNameS3WouldRefuseIsRefusedHere() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> S3BlobStore.Settings.of(s3(null, "Media_Bucket", null, null, 8)));
        assertTrue(refused.getMessage().contains("not a bucket name"), refused.getMessage());
    }

    private static MediaConfig.S3 s3(String endpoint, String bucket, String keyId, String secret, int partMiB) {
        return new MediaConfig.S3() {
            public Optional<String> endpoint() {
                return Optional.ofNullable(endpoint);
            }

            public String region() {
                return "us-east-1";
            }

            public Optional<String> bucket() {
                return Optional.ofNullable(bucket);
            }

            public boolean pathStyle() {
                return true;
            }

            public Optional<String> accessKeyId() {
                return Optional.ofNullable(keyId);
            }

            public Optional<String> secretAccessKey() {
                return Optional.ofNullable(secret);
            }

            public MemorySize partSize() {
                return new MemorySize(BigInteger.valueOf(partMiB * 1024L * 1024));
            }
        };
    }
}
