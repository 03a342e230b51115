package io.parley.session.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.parley.session.domain.CloseReason;
import io.parley.session.repository.SessionRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The registry's Micrometer meters. Live-session gauges count the shared database (the cluster-wide truth, not
 * this instance's share of the work), recounted on a timer so a scrape never waits on SQL.
 */
@ApplicationScoped
public class SessionMetrics {

    private static final Logger LOG = Logger.getLogger(SessionMetrics.class);

    private final MeterRegistry registry;
    private final SessionRepository sessions;
    private final Pool pool;
    private final AtomicLong live = new AtomicLong();
    private final MultiGauge perGateway;

    public SessionMetrics(MeterRegistry registry, SessionRepository sessions, Pool pool) {
        this.registry = registry;
        this.sessions = sessions;
        this.pool = pool;
        Gauge.builder("parley.sessions.live", live, AtomicLong::get)
                .description("Live sessions in the registry, all gateways").register(registry);
        this.perGateway = MultiGauge.builder("parley.sessions.per.gateway")
                .description("Live sessions held by each gateway instance (tag gateway: its instance id; not named "
                        + "instance, which Prometheus sets to the scrape target)").register(registry);
    }

    public void sessionsOpened(int count) {
        if (count > 0) {
            registry.counter("parley.sessions.opened").increment(count);
        }
    }

    public void sessionsClosed(CloseReason reason, int count) {
        if (count > 0) {
            Counter.builder("parley.sessions.closed").tag("reason", reason.tag()).register(registry).increment(count);
        }
    }

    public void presenceChanged(String status) {
        Counter.builder("parley.presence.changes").description("presence.updated events published")
                .tag("status", status).register(registry).increment();
    }

    @Scheduled(every = "${parley.sessions.metrics-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return sessions.countLiveByInstance(pool)
                .invoke(counts -> {
                    live.set(counts.stream().mapToLong(SessionRepository.InstanceCount::sessions).sum());
                    perGateway.register(counts.stream()
                            .map(c -> MultiGauge.Row.of(Tags.of("gateway", c.instance()), c.sessions()))
                            .toList(), true);
                })
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("live-session gauges not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
