package io.parley.kit.db;

import io.smallrye.mutiny.TimeoutException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the start-up check says about where PostgreSQL is: never the user, password or parameters of the URL. */
class DatabaseStartupCheckWhereTest {

    @Test
    void theUrlLosesItsLoginAndParameters() {
        assertEquals("db.internal:5432/chat",
                DatabaseStartupCheck.where("postgresql://parley_chat:s3cret@db.internal:5432/chat?sslmode=verify-full"));
        assertEquals("127.0.0.1:15432/chat", DatabaseStartupCheck.where("postgresql://127.0.0.1:15432/chat"));
        assertEquals("a:5432/x, b:5432/x",
                DatabaseStartupCheck.where("vertx-reactive:postgresql://u:p@a:5432/x?password=q, postgresql://b:5432/x"));
    }

    @Test
    void aCauseWithoutAnSqlStateIsNamedOnOneLine() {
        String unreachable = DatabaseStartupCheck.explain(new RuntimeException(new ConnectException(
                "Connection refused: /127.0.0.1:1\n  at somewhere")), "127.0.0.1:1/chat", Duration.ofSeconds(30));
        assertTrue(unreachable.startsWith("PostgreSQL at 127.0.0.1:1/chat is not reachable (ConnectException: "
                + "Connection refused"), unreachable);
        assertFalse(unreachable.contains("\n"), unreachable);
        String silent = DatabaseStartupCheck.explain(new TimeoutException(), "db:5432/chat", Duration.ofSeconds(30));
        assertTrue(silent.contains("gave no answer within 30 s"), silent);
    }
}
