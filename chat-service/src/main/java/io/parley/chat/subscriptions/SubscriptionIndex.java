package io.parley.chat.subscriptions;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * The active subscriptions in memory, so the chat.events intake passes over the many events nobody subscribed to
 * without a query. Reloaded after every change made here and every few seconds for changes of other instances.
 */
@ApplicationScoped
class SubscriptionIndex {

    private static final Logger LOG = Logger.getLogger(SubscriptionIndex.class);

    private final Pool pool;
    private final SubscriptionRepository subscriptions;
    private volatile List<ActiveSubscription> active;

    SubscriptionIndex(Pool pool, SubscriptionRepository subscriptions) {
        this.pool = pool;
        this.subscriptions = subscriptions;
    }

    /** The active subscriptions, loaded first if this instance has not yet. */
    Uni<List<ActiveSubscription>> current() {
        List<ActiveSubscription> known = active;
        return known != null ? Uni.createFrom().item(known) : reload();
    }

    Uni<List<ActiveSubscription>> reload() {
        return subscriptions.active(pool).invoke(list -> active = List.copyOf(list));
    }

    @Scheduled(every = "${parley.chat.subscriptions.index-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return reload().onFailure().invoke(e -> LOG.warnf("subscriptions not reloaded: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
