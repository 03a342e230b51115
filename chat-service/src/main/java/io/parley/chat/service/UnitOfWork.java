package io.parley.chat.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Function;

/**
 * Runs a change in one transaction and then asks the relay for its outbox rows, without waiting for them: the change
 * is committed, and the next requested (or periodic) round publishes it.
 */
@ApplicationScoped
public class UnitOfWork {

    private final Pool pool;
    private final OutboxRelay relay;

    public UnitOfWork(Pool pool, OutboxRelay relay) {
        this.pool = pool;
        this.relay = relay;
    }

    public <T> Uni<T> commit(Function<SqlConnection, Uni<T>> change) {
        return pool.withTransaction(change).invoke(relay::requestDrain);
    }

    /** A read on any pooled connection. */
    public <T> Uni<T> read(Function<SqlConnection, Uni<T>> query) {
        return pool.withConnection(query);
    }
}
