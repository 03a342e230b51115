package io.parley.media.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** media-service's own settings ({@code parley.media.*}); every default and its reason is in application.properties. */
@ConfigMapping(prefix = "parley.media")
public interface MediaConfig {

    /** Largest accepted upload; checked against Content-Length and again while the bytes stream in. */
    MemorySize maxUploadSize();

    /** Total bytes of live files one user may own. */
    MemorySize userQuota();

    /** Where blobs live: the local directory (default) or an S3-compatible bucket. */
    Store store();

    /** Root directory of the local blob store. */
    Path storageDir();

    /** The S3-compatible store's settings, read when {@link #store()} is {@code s3}. */
    S3 s3();

    /** Base64 of the 32-byte master key that wraps every file's data key (a Kubernetes secret in production). */
    Optional<String> masterKey();

    /** Where a generated dev master key is kept when {@link #masterKey()} is absent. */
    Path masterKeyFile();

    /** Largest thumbnail edge a client may ask for. */
    int maxThumbnailSize();

    /** Thumbnail edge when {@code size} is not given. */
    int defaultThumbnailSize();

    /** A file whose {@code file.uploaded} is still unacknowledged after this long is published again. */
    Duration announceAfter();

    /** Images whose declared width × height passes this are refused before decoding (decompression bombs). */
    long maxImagePixels();

    enum Store {
        /** one file per blob under {@link #storageDir()} */
        FILESYSTEM,
        /** one object per blob in {@link S3#bucket()} */
        S3
    }

    /** {@code parley.media.s3.*}; checked at start-up when the store is S3 ({@code S3BlobStore.Settings}). */
    interface S3 {

        /** Endpoint of an S3-compatible server (MinIO, Ceph, ...); absent means AWS's own for the region. */
        Optional<String> endpoint();

        String region();

        /** Required for the S3 store. */
        Optional<String> bucket();

        /** {@code https://endpoint/bucket/key} instead of {@code https://bucket.endpoint/key} (MinIO, Ceph). */
        boolean pathStyle();

        /** With {@link #secretAccessKey()}; both absent means the SDK's default credential chain. */
        Optional<String> accessKeyId();

        /** Never logged. */
        Optional<String> secretAccessKey();

        /** Size of each multipart-upload part, held in memory once per upload in flight (S3's minimum: 5 MiB). */
        MemorySize partSize();
    }
}
