package io.parley.session.health;

import io.parley.session.messaging.HandlerRetry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness is DOWN while a listener (session.events, auth.users, calls) waits for PostgreSQL: its record is retried
 * until the database is back, neither skipped nor acknowledged.
 */
@Readiness
@ApplicationScoped
public class EventHandlingReadiness implements HealthCheck {

    static final String NAME = "session events";

    private final HandlerRetry retry;

    public EventHandlingReadiness(HandlerRetry retry) {
        this.retry = retry;
    }

    @Override
    public HealthCheckResponse call() {
        String waiting = retry.waitingFor();
        var response = HealthCheckResponse.named(NAME);
        return waiting == null ? response.up().build() : response.down().withData("waiting", waiting).build();
    }
}
