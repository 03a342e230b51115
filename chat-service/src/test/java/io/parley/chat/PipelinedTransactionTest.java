package io.parley.chat;

import io.parley.chat.service.PipelinedTransaction;
import io.parley.devstack.DevstackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link PipelinedTransaction} on the real PostgreSQL: the first statements, sent before BEGIN is answered, are in the
 * transaction (a later failure takes them back), a failure anywhere rolls everything back, and no connection goes back
 * to the pool inside a transaction.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class PipelinedTransactionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** chat-service's {@code quarkus.datasource.reactive.max-size}. */
    private static final int POOL_SIZE = 20;

    @Inject
    Pool pool;

    @Test
    void theFirstAndTheRestCommitTogether() {
        String first = "probe-" + UUID.randomUUID();
        String rest = "probe-" + UUID.randomUUID();

        String result = PipelinedTransaction.run(pool, tx -> insert(tx, first), (tx, ignored) -> insert(tx, rest)
                .replaceWith("done")).await().atMost(WAIT);

        assertEquals("done", result);
        assertEquals(1, count(first));
        assertEquals(1, count(rest));
        assertNoConnectionInATransaction();
    }

    @Test
    void aFailureAfterTheFirstStatementsTakesThemBack() {
        String first = "probe-" + UUID.randomUUID();

        RuntimeException failure = assertThrows(IllegalStateException.class, () -> PipelinedTransaction.run(pool,
                tx -> insert(tx, first), (tx, ignored) -> Uni.createFrom().failure(new IllegalStateException("boom")))
                .await().atMost(WAIT));

        assertEquals("boom", failure.getMessage());
        assertEquals(0, count(first), "the first statements ran inside the transaction, so they were rolled back");
        assertNoConnectionInATransaction();
    }

    @Test
    void aFailingStatementRollsBackWhatCameBeforeIt() {
        String taken = "probe-" + UUID.randomUUID();
        insert(pool, taken).await().atMost(WAIT);
        String before = "probe-" + UUID.randomUUID();

        // the first statements: a fresh row and a duplicate, both sent with BEGIN
        Throwable failure = assertThrows(Throwable.class, () -> PipelinedTransaction.run(pool,
                tx -> Uni.combine().all().unis(insert(tx, before), insert(tx, taken)).discardItems(),
                (tx, ignored) -> Uni.createFrom().voidItem()).await().atMost(WAIT));

        assertInstanceOf(PgException.class, failure);
        assertEquals(0, count(before));
        // the pool's connections are all usable afterwards, none left inside a transaction
        for (int i = 0; i < 20; i++) {
            String row = "probe-" + UUID.randomUUID();
            PipelinedTransaction.run(pool, tx -> insert(tx, row), (tx, ignored) -> Uni.createFrom().voidItem())
                    .await().atMost(WAIT);
            assertEquals(1, count(row));
        }
        assertNoConnectionInATransaction();
    }

    private static Uni<Void> insert(SqlClient db, String id) {
        return db.preparedQuery("INSERT INTO processed_commands (command_id, reply) VALUES ($1, '{}'::jsonb)")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    private long count(String id) {
        return pool.preparedQuery("SELECT count(*) AS n FROM processed_commands WHERE command_id = $1")
                .execute(Tuple.of(id)).await().atMost(WAIT).iterator().next().getLong("n");
    }

    /**
     * Takes every connection of the pool at once ({@code quarkus.datasource.reactive.max-size}) and asks each whether
     * it is inside a transaction begun before: {@code now()} is the transaction's start, equal to the statement's own
     * start only when the statement began it.
     */
    private void assertNoConnectionInATransaction() {
        List<Uni<Boolean>> checks = new ArrayList<>();
        for (int i = 0; i < POOL_SIZE; i++) {
            checks.add(pool.getConnection().chain(conn -> conn.query("SELECT now() = statement_timestamp() AS fresh")
                    .execute().map(rows -> rows.iterator().next().getBoolean("fresh"))
                    // held a moment, so that the checks take the pool's connections side by side
                    .call(() -> Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(200)))
                    .eventually(conn::close)));
        }
        List<Boolean> fresh = Uni.join().all(checks).andFailFast().await().atMost(WAIT);
        assertEquals(POOL_SIZE, fresh.stream().filter(Boolean::booleanValue).count(),
                "connections inside a transaction: " + fresh);
    }
}
