package io.parley.gateway.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once this instance receives fan-out events and knows every existing ban. */
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
        return HealthCheckResponse.named("gateway fan-out")
                .status(fanOut.isAssigned() && bans.isCaughtUp())
                .withData("fanOutAssigned", fanOut.isAssigned())
                .withData("bansLoaded", bans.isCaughtUp())
                .build();
    }
}
