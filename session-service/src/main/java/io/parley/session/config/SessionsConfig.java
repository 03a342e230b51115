package io.parley.session.config;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/** The {@code parley.sessions.*} settings; defaults and their reasons live in application.properties. */
@ConfigMapping(prefix = "parley.sessions")
public interface SessionsConfig {

    /** How long the last session must be gone before the user is shown offline. */
    Duration gracePeriod();

    Duration sweepInterval();

    /** Heartbeat intervals a gateway may miss before its sessions are expired. */
    int missedHeartbeats();

    Duration defaultHeartbeatInterval();

    Duration closedRetention();

    Duration metricsRefresh();

    int maxPresenceIds();

    int sweepBatch();

    /** How long a REST call waits for the broker to acknowledge what it publishes before answering 503. */
    Duration publishTimeout();
}
