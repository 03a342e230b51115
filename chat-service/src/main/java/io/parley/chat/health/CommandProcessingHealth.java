package io.parley.chat.health;

import io.parley.chat.service.DatabaseWait;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness is DOWN while commands wait for PostgreSQL (they are retried, not lost nor acknowledged). */
@Readiness
@ApplicationScoped
public class CommandProcessingHealth implements HealthCheck {

    private final DatabaseWait wait;

    public CommandProcessingHealth(DatabaseWait wait) {
        this.wait = wait;
    }

    @Override
    public HealthCheckResponse call() {
        String reason = wait.reason();
        var response = HealthCheckResponse.named("chat commands");
        return reason == null ? response.up().build() : response.down().withData("waiting", reason).build();
    }
}
