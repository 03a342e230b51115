package io.parley.session.messaging;

import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How a listener survives a dependency that is away, as chat-service's command processing does: retry inside the
 * handler with backoff and neither acknowledge nor nack meanwhile (a nack would stop the SmallRye channel). A
 * transient failure (PostgreSQL unreachable or restarting, a deadlock) is retried for as long as it lasts, with
 * readiness DOWN meanwhile ({@link #waitingFor()}); no record is skipped. Any other failure would fail again: after a
 * few tries it is logged and the record moves on, rather than block its partition forever.
 */
@ApplicationScoped
public class HandlerRetry {

    static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    static final int OTHER_FAILURE_RETRIES = 5;

    private final AtomicReference<String> waiting = new AtomicReference<>();

    Uni<Void> persistently(Uni<Void> work, Logger log, String what) {
        return work
                .onFailure(HandlerRetry::isTransient).invoke(e -> {
                    if (waiting.getAndSet(what + ": " + e.getMessage()) == null) {
                        log.warnf("waiting for the database to handle %s: %s", what, e.getMessage());
                    }
                })
                .onFailure(HandlerRetry::isTransient).retry().withBackOff(MIN_BACKOFF, MAX_BACKOFF).indefinitely()
                .onFailure().retry().withBackOff(MIN_BACKOFF, MAX_BACKOFF).atMost(OTHER_FAILURE_RETRIES)
                .onItem().invoke(() -> waiting.set(null))
                .onFailure().invoke(e -> log.errorf("gave up on %s: %s", what, e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** What a handler is waiting for now (the database to come back); null when nothing waits. */
    public String waitingFor() {
        return waiting.get();
    }

    /**
     * A failure worth retrying as it is (PostgreSQL unreachable, restarting, out of connections, a deadlock or
     * serialization conflict) rather than one that would fail again (a bug, a constraint). The same classification
     * as chat-service's {@code TransientFailures}.
     */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                String state = pg.getSqlState() == null ? "" : pg.getSqlState();
                // 08 connection, 53 resources, 57 shutdown/admin, 40001 serialization, 40P01 deadlock
                return state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                        || state.equals("40001") || state.equals("40P01");
            }
            if (t instanceof IOException || t instanceof TimeoutException || t instanceof VertxException
                    || t instanceof NoStackTraceThrowable) {
                return true;
            }
        }
        return false;
    }
}
