package io.parley.gateway.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.time.Duration;
import java.util.List;

/**
 * Not live when a hand-built Kafka consumer ({@link KafkaPolling}) has been down, starting over and failing again,
 * for longer than {@code parley.consumers.liveness-limit}: what this process retries has not helped, a new one may.
 */
@Liveness
@ApplicationScoped
public class ConsumerLiveness implements HealthCheck {

    private final Duration limit;

    public ConsumerLiveness(@ConfigProperty(name = "parley.consumers.liveness-limit") Duration limit) {
        this.limit = limit;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> stuck = KafkaPolling.downLongerThan(limit);
        return HealthCheckResponse.named("gateway Kafka consumers").status(stuck.isEmpty())
                .withData("downLongerThan" + limit.toSeconds() + "s", String.join(",", stuck))
                .build();
    }
}
