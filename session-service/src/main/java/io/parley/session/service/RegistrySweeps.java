package io.parley.session.service;

import io.parley.session.config.SessionsConfig;
import io.parley.session.repository.GatewayInstanceRepository;
import io.parley.session.repository.SessionRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The periodic work: expire silent gateways' sessions, take users past the grace period offline, take call
 * participants whose socket has been gone for the grace period out of their call, forget old closed sessions. Each
 * step is safe when several instances run it at once (locks with SKIP LOCKED, conditional updates).
 */
@ApplicationScoped
public class RegistrySweeps {

    private static final Logger LOG = Logger.getLogger(RegistrySweeps.class);

    private final GatewayLiveness gateways;
    private final PresenceService presence;
    private final SessionRepository sessions;
    private final GatewayInstanceRepository instances;
    private final Pool pool;
    private final SessionsConfig config;
    private final CallService calls;
    private final SessionRegistry registry;

    public RegistrySweeps(GatewayLiveness gateways, PresenceService presence, SessionRepository sessions,
            GatewayInstanceRepository instances, Pool pool, SessionsConfig config, CallService calls,
            SessionRegistry registry) {
        this.calls = calls;
        this.registry = registry;
        this.gateways = gateways;
        this.presence = presence;
        this.sessions = sessions;
        this.instances = instances;
        this.pool = pool;
        this.config = config;
    }

    // not before start-up completes: the messaging channels every step may publish on are wired during it
    @Scheduled(every = "${parley.sessions.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return step("expiring sessions of silent gateways", gateways.expireSilent())
                .chain(() -> step("taking users offline after the grace period", presence.sweepDueOffline()))
                .chain(() -> step("taking disconnected participants out of calls", calls.sweep()))
                .chain(() -> step("forgetting old closed sessions and gateways", forgetOld()));
    }

    private Uni<Void> forgetOld() {
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minus(config.closedRetention());
        return sessions.deleteClosedBefore(pool, before)
                .chain(() -> instances.deleteSilentSince(pool, before))
                .invoke(deleted -> {
                    if (deleted > 0) {
                        registry.forgetRecentInstances();
                    }
                })
                .replaceWithVoid();
    }

    /** A failing step (database down) is logged and retried next round; it never stops the other steps. */
    private static Uni<Void> step(String what, Uni<Void> work) {
        return work.onFailure().invoke(e -> LOG.warnf("sweep step failed (%s): %s", what, e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
