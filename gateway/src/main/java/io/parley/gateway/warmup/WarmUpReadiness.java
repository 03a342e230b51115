package io.parley.gateway.warmup;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the start-up warm-up runs (at most its timeout); liveness is not affected. */
@Readiness
@ApplicationScoped
public class WarmUpReadiness implements HealthCheck {

    private final StartupWarmUp warmUp;

    public WarmUpReadiness(StartupWarmUp warmUp) {
        this.warmUp = warmUp;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("gateway warm-up").status(warmUp.isDone())
                .withData("warmUp", warmUp.outcome()).build();
    }
}
