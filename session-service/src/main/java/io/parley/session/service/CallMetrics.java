package io.parley.session.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.session.domain.Calls;
import io.parley.session.repository.CallRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The call meters (names fixed by the calls protocol): {@code parley_calls_active} and {@code parley_call_participants}
 * count the shared database (every instance shows the cluster's number), recounted on the metrics timer;
 * {@code parley_calls_ended_total{reason}} and {@code parley_call_participants_left_total{reason}} count what this
 * instance decided ({@code reason="disconnected"}: left by timeout).
 */
@ApplicationScoped
public class CallMetrics {

    private static final Logger LOG = Logger.getLogger(CallMetrics.class);

    private final MeterRegistry registry;
    private final CallRepository calls;
    private final Pool pool;
    private final AtomicLong active = new AtomicLong();
    private final AtomicLong participants = new AtomicLong();

    public CallMetrics(MeterRegistry registry, CallRepository calls, Pool pool) {
        this.registry = registry;
        this.calls = calls;
        this.pool = pool;
        Gauge.builder("parley.calls.active", active, AtomicLong::get)
                .description("Calls going on, all instances").register(registry);
        Gauge.builder("parley.call.participants", participants, AtomicLong::get)
                .description("Participants of the calls going on (disconnected ones within the grace period included)")
                .register(registry);
        for (Calls.LeaveReason reason : Calls.LeaveReason.values()) {
            left(reason, 0);
        }
        ended(0);
    }

    public void left(Calls.LeaveReason reason, int count) {
        Counter.builder("parley.call.participants.left").description("Participants that left a call, by reason")
                .tag("reason", reason.wire()).register(registry).increment(count);
    }

    public void ended(int count) {
        Counter.builder("parley.calls.ended").description("Calls ended, by reason")
                .tag("reason", "empty").register(registry).increment(count);
    }

    @Scheduled(every = "${parley.sessions.metrics-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return calls.counts(pool)
                .invoke(n -> {
                    active.set(n[0]);
                    participants.set(n[1]);
                })
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("call gauges not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
