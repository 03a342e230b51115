package io.parley.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The per-message arithmetic of a run's cost. */
class StackCostTest {

    @Test
    void cpuPerProcessPerThousandMessagesAndTheStackWithoutTheBenchPerMessage() {
        // 100 ticks a second; postgres is gone at the end and is left out
        Map<String, Object> figures = StackCost.cpuFigures(
                Map.of("gateway", 100L, "chat", 50L, "postgres", 10L, "bench", 30L),
                Map.of("gateway", 300L, "chat", 150L, "bench", 80L), 10.0, 1_000, 5_000L, 100);

        @SuppressWarnings("unchecked")
        Map<String, Double> seconds = (Map<String, Double>) figures.get("cpuByProcess");
        assertEquals(Map.of("gateway", 2.0, "chat", 1.0, "bench", 0.5), seconds);
        assertFalse(seconds.containsKey("postgres"));
        // seconds per 1,000 messages: 1,000 messages here
        assertEquals(Map.of("gateway", 2.0, "chat", 1.0, "bench", 0.5), figures.get("cpuByProcessPer1000Messages"));
        // gateway + chat = 300 ticks = 3,000 core-ms over 1,000 messages; the bench's 50 ticks do not count
        assertEquals(3.0, figures.get("cpuCoreMsPerMessage"));
        assertEquals(0.6, figures.get("cpuCoreMsPerDelivery"));
        assertEquals(3.0, figures.get("cpuStackCoreS"));
        assertEquals(0.3, figures.get("cpuStackCoresBusy"));
        assertEquals(1_000L, figures.get("cpuMessages"));
    }

    @Test
    void perThousandMessagesScalesWithTheCount() {
        Map<String, Object> figures = StackCost.cpuFigures(Map.of("kafka", 0L), Map.of("kafka", 250L), 20.0,
                40_000, null, 100);

        // 2.5 s over 40,000 messages: 0.0625 s per 1,000, 0.0625 core-ms per message
        assertEquals(Map.of("kafka", 0.063), figures.get("cpuByProcessPer1000Messages"));
        assertEquals(0.063, figures.get("cpuCoreMsPerMessage"));
        assertFalse(figures.containsKey("cpuCoreMsPerDelivery"));
    }

    @Test
    void noMessagesGivesNoPerMessageFigure() {
        Map<String, Object> figures = StackCost.cpuFigures(Map.of("chat", 5L), Map.of("chat", 9L), 1.0, 0, 0L, 100);

        assertNull(figures.get("cpuCoreMsPerMessage"));
        assertNull(figures.get("cpuCoreMsPerDelivery"));
        assertEquals(Map.of("chat", 0.04), figures.get("cpuByProcess"));
    }

    @Test
    void statementsTransactionsAndRowsPerMessageFromTwoReadings() {
        PgCounters.Snapshot first = new PgCounters.Snapshot(
                Map.of("chat", 1_000L, "sessions", 10L, "postgres", 5L),
                Map.of("chat/1/10/true", new PgCounters.Query("chat", "INSERT INTO messages ...", 400L),
                        "chat/2/10/true", new PgCounters.Query("chat", "COMMIT", 600L)),
                0, Map.of("chat", 300L, "auth", 7L), Map.of("chat", 900L));
        PgCounters.Snapshot last = new PgCounters.Snapshot(
                Map.of("chat", 7_000L, "sessions", 210L, "postgres", 500L),
                Map.of("chat/1/10/true", new PgCounters.Query("chat", "INSERT INTO messages ...", 2_400L),
                        "chat/2/10/true", new PgCounters.Query("chat", "COMMIT", 4_600L),
                        "chat/3/10/true", new PgCounters.Query("chat", "SELECT   1", 0L)),
                0, Map.of("chat", 2_300L, "auth", 7L), Map.of("chat", 4_900L));

        Map<String, Object> figures = StackCost.pgFigures(first, last, 2_000, true);

        // (6,000 in chat + 200 in sessions) / 2,000; the postgres database (the bench's own reads) is not counted
        assertEquals(3.1, figures.get("pgStatementsPerMessage"));
        assertEquals(Map.of("chat", 3.0, "sessions", 0.1), figures.get("pgStatementsPerMessageByDatabase"));
        assertEquals(List.of(Map.of("database", "chat", "perMessage", 2.0, "query", "COMMIT"),
                Map.of("database", "chat", "perMessage", 1.0, "query", "INSERT INTO messages ...")),
                figures.get("pgTopStatements"));
        assertEquals(1.0, figures.get("pgTransactionsPerMessage"));
        assertEquals(Map.of("auth", 0.0, "chat", 1.0), figures.get("pgTransactionsPerMessageByDatabase"));
        assertEquals(2.0, figures.get("pgRowsWrittenPerMessage"));
        assertEquals("pg_stat_statements", figures.get("pgStatementsSource"));
    }

    @Test
    void withoutPgStatStatementsOnlyTransactionsAndRows() {
        PgCounters.Snapshot first = new PgCounters.Snapshot(Map.of(), Map.of(), 0, Map.of("chat", 0L),
                Map.of("chat", 0L));
        PgCounters.Snapshot last = new PgCounters.Snapshot(Map.of(), Map.of(), 0, Map.of("chat", 50L),
                Map.of("chat", 25L));

        Map<String, Object> figures = StackCost.pgFigures(first, last, 100, false);

        assertFalse(figures.containsKey("pgStatementsPerMessage"));
        assertEquals(0.5, figures.get("pgTransactionsPerMessage"));
        assertEquals(0.25, figures.get("pgRowsWrittenPerMessage"));
    }
}
