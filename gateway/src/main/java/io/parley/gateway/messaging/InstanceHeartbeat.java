package io.parley.gateway.messaging;

import io.parley.gateway.config.GatewayConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;

/** Announces this instance on session.events at a fixed interval, so session-service can expire a dead one. */
@ApplicationScoped
public class InstanceHeartbeat {

    private static final Logger LOG = Logger.getLogger(InstanceHeartbeat.class);

    private final SessionEventPublisher sessionEvents;
    private final Duration interval;

    public InstanceHeartbeat(SessionEventPublisher sessionEvents, GatewayConfig config) {
        this.sessionEvents = sessionEvents;
        this.interval = config.heartbeatInterval();
    }

    // the scheduler reads the interval itself (an expression), GatewayConfig reads the same key for the beat's data
    @Scheduled(every = "${parley.gateway.heartbeat-interval}", delay = 1, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> beat() {
        Uni<Void> sent;
        try {
            sent = sessionEvents.instanceHeartbeat(interval.toMillis());
        } catch (RuntimeException e) {
            // a slow start-up can reach the first beat before the Kafka channels are wired: the next beat retries
            LOG.debugf("instance heartbeat skipped, messaging not wired yet: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return sent
                .onFailure().invoke(e -> LOG.warnf("instance heartbeat not published: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
