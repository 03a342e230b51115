package io.parley.media.health;

import io.parley.media.repository.BlobStore;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.io.IOException;

/**
 * Ready only while the blob store answers: the S3 bucket to a HeadBucket with these credentials, the local directory
 * writable. The check blocks (network or disk), so it runs on a worker thread.
 */
@Readiness
@ApplicationScoped
public class BlobStoreReadiness implements AsyncHealthCheck {

    static final String NAME = "media store";

    private final BlobStore store;

    public BlobStoreReadiness(BlobStore store) {
        this.store = store;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(() -> {
            try {
                store.check();
                return HealthCheckResponse.named(NAME).up().withData("store", store.describe()).build();
            } catch (IOException | RuntimeException e) {
                return HealthCheckResponse.named(NAME).down().withData("store", store.describe())
                        .withData("reason", String.valueOf(e.getMessage())).build();
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
