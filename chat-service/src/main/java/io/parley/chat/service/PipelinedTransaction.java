package io.parley.chat.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A transaction whose {@code BEGIN} goes out together with its first statements. {@code Pool.withTransaction} waits
 * for {@code BEGIN}'s answer before it hands out the connection, a round trip of its own; here the first statements
 * are queued right behind it on the connection, which the reactive client pipelines (it sends what is queued without
 * waiting for each answer). The rest runs once both are answered; {@code COMMIT} follows once every statement queued
 * in the transaction is answered (Vert.x's transaction waits for them), so nothing can run after it.
 * <p>
 * Vert.x's own transaction object keeps the connection's state: statements queued before {@code BEGIN} is answered
 * belong to it, and a failure anywhere rolls it back when the connection is closed (Vert.x's close rolls back a
 * transaction still open, after the statements still queued), before it goes back to the pool.
 */
public final class PipelinedTransaction {

    private PipelinedTransaction() {
    }

    /**
     * Runs {@code first} (its statements sent with {@code BEGIN}), then {@code rest} with its result, and commits.
     * {@code first} must queue its statements when subscribed (repository calls, or combinations of them), as every
     * repository call here does; {@code rest} may chain as it likes.
     */
    public static <R, T> Uni<T> run(Pool pool, Function<SqlConnection, Uni<R>> first,
            BiFunction<SqlConnection, R, Uni<T>> rest) {
        return pool.getConnection().chain(conn -> {
            // queued now, ahead of anything subscribed below
            Uni<Transaction> begin = Uni.createFrom().completionStage(conn.getDelegate().begin().toCompletionStage());
            Transaction tx = conn.getDelegate().transaction();
            return Uni.combine().all().unis(begin, Uni.createFrom().deferred(() -> first.apply(conn))).asTuple()
                    .chain(begun -> rest.apply(conn, begun.getItem2()))
                    .call(() -> Uni.createFrom().completionStage(tx.commit().toCompletionStage()))
                    // closing rolls back a transaction still open (its statements answered first)
                    .eventually(conn::close);
        });
    }
}
