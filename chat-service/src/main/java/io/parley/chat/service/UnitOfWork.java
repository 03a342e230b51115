package io.parley.chat.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.function.Function;

/**
 * Runs a change in one transaction and then relays its outbox rows. A relay failure (or a round already running
 * elsewhere) does not hold up the change: it is committed, and the running or the periodic round publishes it.
 */
@ApplicationScoped
public class UnitOfWork {

    private static final Logger LOG = Logger.getLogger(UnitOfWork.class);

    private final Pool pool;
    private final OutboxRelay relay;

    public UnitOfWork(Pool pool, OutboxRelay relay) {
        this.pool = pool;
        this.relay = relay;
    }

    public <T> Uni<T> commit(Function<SqlConnection, Uni<T>> change) {
        return pool.withTransaction(change).call(() -> relay.drainUnlessBusy().onFailure().recoverWithItem(e -> {
            LOG.warnf("relay deferred to its next round: %s", e.getMessage());
            return null;
        }));
    }

    /** A read on any pooled connection. */
    public <T> Uni<T> read(Function<SqlConnection, Uni<T>> query) {
        return pool.withConnection(query);
    }
}
