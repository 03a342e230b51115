package io.parley.gateway.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;

/**
 * Ready once this instance receives fan-out events and knows every existing ban, and while none of its hand-built
 * consumers is down (one that failed is started over after a backoff, {@link KafkaPolling}).
 */
@Readiness
@ApplicationScoped
public class FanOutReadiness implements HealthCheck {

    private final FanOutConsumer fanOut;
    private final AuthUsersListener bans;

    public FanOutReadiness(FanOutConsumer fanOut, AuthUsersListener bans) {
        this.fanOut = fanOut;
        this.bans = bans;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> down = KafkaPolling.down();
        var response = HealthCheckResponse.named("gateway fan-out")
                .status(fanOut.isAssigned() && bans.isCaughtUp() && down.isEmpty())
                .withData("fanOutAssigned", fanOut.isAssigned())
                .withData("bansLoaded", bans.isCaughtUp());
        down.forEach(response::withData);
        return response.build();
    }
}
