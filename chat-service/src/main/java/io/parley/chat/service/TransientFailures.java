package io.parley.chat.service;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure worth retrying as it is (PostgreSQL unreachable, restarting, a deadlock or serialization conflict)
 * from one that would fail again (a bug, a constraint).
 */
public final class TransientFailures {

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
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
