package io.parley.session.config;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/**
 * The {@code parley.sessions.*} settings (env {@code PARLEY_SESSIONS_*}); every default and its reason lives in
 * application.properties. The kit reads {@code parley.kafka.*} and {@code parley.instance-id} itself.
 */
@ConfigMapping(prefix = "parley.sessions")
public interface SessionsConfig {

    /** How long the last session must be gone before the user is shown offline. */
    Duration gracePeriod();

    /** How often the sweeps run (also read by {@code RegistrySweeps}' schedule expression). */
    Duration sweepInterval();

    /** Heartbeat intervals a gateway may miss before its sessions are expired. */
    int missedHeartbeats();

    /** The interval assumed for a gateway whose heartbeat names none, or that was never heard from. */
    Duration defaultHeartbeatInterval();

    /** How long closed sessions are kept (longer than session.events retention). */
    Duration closedRetention();

    /** How often the live-session gauges are recounted (also read by {@code SessionMetrics}' schedule expression). */
    Duration metricsRefresh();

    /** Most ids one presence query may ask for. */
    int maxPresenceIds();

    /** Rows handled per sweep round. */
    int sweepBatch();

    /** How long a REST call waits for the broker to acknowledge what it publishes before answering 503. */
    Duration publishTimeout();
}
