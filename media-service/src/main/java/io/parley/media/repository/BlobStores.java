package io.parley.media.repository;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.media.config.MediaConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/**
 * The one {@link BlobStore}, chosen by {@code parley.media.store}: built (and its settings checked) at start-up, so a
 * misconfigured store stops the service with the reason instead of failing the first upload.
 */
@ApplicationScoped
public class BlobStores {

    private static final Logger LOG = Logger.getLogger(BlobStores.class);

    private S3BlobStore s3;

    @Produces
    @Startup
    @ApplicationScoped
    BlobStore blobStore(MediaConfig config, MeterRegistry registry) {
        return switch (config.store()) {
            case FILESYSTEM -> {
                LocalDirectoryBlobStore local = new LocalDirectoryBlobStore(config);
                LOG.infof("media store: %s", local.describe());
                yield new MeteredBlobStore(local, new StoreMetrics(registry, "filesystem"));
            }
            case S3 -> {
                S3BlobStore.Settings settings = S3BlobStore.Settings.of(config.s3());
                StoreMetrics metrics = new StoreMetrics(registry, "s3");
                s3 = S3BlobStore.open(settings, metrics);
                LOG.infof("media store: s3 %s", settings.describe());
                yield new MeteredBlobStore(s3, metrics);
            }
        };
    }

    void close(@Disposes BlobStore store) {
        if (s3 != null) {
            s3.close();
        }
    }
}
