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

    /** Root directory of the local blob store. */
    Path storageDir();

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
}
