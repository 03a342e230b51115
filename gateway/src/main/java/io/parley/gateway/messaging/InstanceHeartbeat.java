package io.parley.gateway.messaging;

import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.gateway.config.GatewayInstance;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Duration;

/** Announces this instance on session.events at a fixed interval, so session-service can expire a dead one. */
@ApplicationScoped
public class InstanceHeartbeat {

    private static final Logger LOG = Logger.getLogger(InstanceHeartbeat.class);

    private final MutinyEmitter<Record<String, String>> sessionEvents;
    private final GatewayInstance instance;
    private final Duration interval;

    public InstanceHeartbeat(@Channel("session-events") MutinyEmitter<Record<String, String>> sessionEvents,
            GatewayInstance instance, @ConfigProperty(name = "parley.gateway.heartbeat-interval") Duration interval) {
        this.sessionEvents = sessionEvents;
        this.instance = instance;
        this.interval = interval;
    }

    @Scheduled(every = "${parley.gateway.heartbeat-interval}", delay = 1, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> beat() {
        var data = EnvelopeJson.mapper().createObjectNode()
                .put("instance", instance.id())
                .put("intervalMs", interval.toMillis());
        Envelope envelope = Envelope.of("instance.heartbeat", "gateway/" + instance.id(), instance.id(), data);
        // deferred: before the messaging channels are wired (start-up), send() throws instead of failing the Uni
        return Uni.createFrom().deferred(() -> sessionEvents.send(Record.of(instance.id(), EnvelopeJson.write(envelope))))
                .onFailure().invoke(e -> LOG.warnf("instance heartbeat not published: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
