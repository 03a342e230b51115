package io.parley.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a scenario's measured window cost the stack (issue 21, point 1): CPU seconds per process from /proc, read at
 * the window's start and end ({@code cpuByProcess}, {@code cpuByProcessPer1000Messages}), the stack's CPU without the
 * bench per message ({@code cpuCoreMsPerMessage}), PostgreSQL's statements per message ({@code pgStatementsPerMessage},
 * by database, the top statements) and its transactions and rows written, and the floors measured right after the
 * window on the same broker and server ({@code floorHopMs}, {@code floorCommitMs}). For a target that is not Parley
 * it measures nothing and reports nothing.
 */
final class StackCost implements AutoCloseable {

    /** The databases of the services, in the order they are reported. */
    static final List<String> DATABASES = List.of("auth", "chat", "sessions", "media");
    private static final int TOP_STATEMENTS = 12;

    /** One reading at a window's edge. */
    record Reading(long nanos, Map<String, Long> ticks, Map<Long, Long> startTimes, PgCounters.Snapshot pg) {
    }

    private final StackProcesses stack;
    private final PgCounters pg;
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private volatile CompletableFuture<Reading> start;
    private Reading end;

    private StackCost(StackProcesses stack, PgCounters pg) {
        this.stack = stack;
        this.pg = pg;
    }

    static StackCost of(BenchTarget target) {
        if (!(target instanceof ParleyTarget parley)) {
            return new StackCost(null, null);
        }
        StackProcesses stack = StackProcesses.find(parley.serverPid());
        List<String> notes = new ArrayList<>(stack.notes());
        PgCounters pg = null;
        if (stack.pgPort().isPresent() && !stack.pgSecure()) {
            try {
                pg = PgCounters.connect(stack.pgPort().getAsInt());
                pg.whyNoStatements().ifPresent(notes::add);
            } catch (Exception e) {
                notes.add("pgStatementsPerMessage: cannot read PostgreSQL's statistics: " + e.getMessage());
            }
        } else if (stack.pgSecure()) {
            notes.add("pgStatementsPerMessage: not measured in secure mode (no superuser login here)");
        }
        StackCost cost = new StackCost(stack, pg);
        cost.notes.addAll(notes);
        return cost;
    }

    boolean enabled() {
        return stack != null;
    }

    /** Reads the window's start now. */
    void startNow() {
        if (enabled()) {
            start = CompletableFuture.completedFuture(read());
        }
    }

    /** Reads the window's start on a thread of its own, so an open-loop sender is not held up by it. */
    void startSoon() {
        if (enabled() && start == null) {
            start = CompletableFuture.supplyAsync(this::read, runnable -> {
                Thread reader = new Thread(runnable, "stack-cost");
                reader.setDaemon(true);
                reader.start();
            });
        }
    }

    /** Reads the window's end now (the start is read here first if the scenario never got to it). */
    void endNow() {
        if (enabled()) {
            if (start == null) {
                notes.add("the window's start was never reached; no cost figures");
                return;
            }
            end = read();
        }
    }

    /**
     * Adds the figures to {@code result}: per message (the scenario's {@code definition} of one, {@code messages} of
     * them in the window) and, when {@code deliveries} is not null, per delivery. Measures the floors after.
     */
    BenchResult report(BenchResult result, long messages, String definition, Long deliveries) throws Exception {
        if (!enabled()) {
            return result;
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        if (end != null) {
            Reading first = start.get(60, TimeUnit.SECONDS);
            figures.put("cpuMessage", definition);
            figures.putAll(cpuFigures(alive(first, end), end.ticks(), (end.nanos() - first.nanos()) / 1e9, messages,
                    deliveries, ProcCpu.TICKS_PER_SECOND));
            if (first.pg() != null && end.pg() != null) {
                figures.putAll(pgFigures(first.pg(), end.pg(), messages, pg.statementsAvailable()));
                if (end.pg().deallocations() > first.pg().deallocations()) {
                    notes.add("pg_stat_statements evicted entries during the window: statements undercounted");
                }
            }
        }
        Floors.measure(stack, figures, notes);
        if (!notes.isEmpty()) {
            figures.put("costNotes", List.copyOf(notes));
        }
        for (Map.Entry<String, Object> figure : figures.entrySet()) {
            result = result.with(figure.getKey(), figure.getValue());
        }
        return result;
    }

    /** The start's ticks of the processes still running (same pid, same start time) at the end; notes the others. */
    private Map<String, Long> alive(Reading first, Reading last) {
        Map<String, Long> ticks = new LinkedHashMap<>(first.ticks());
        for (StackProcesses.Member member : stack.members()) {
            for (long pid : member.pids()) {
                Long before = first.startTimes().get(pid);
                Long after = last.startTimes().get(pid);
                if (before == null || !before.equals(after)) {
                    ticks.remove(member.name());
                    notes.add(member.name() + ": pid " + pid + " ended or was replaced during the window; left out");
                }
            }
        }
        return ticks;
    }

    /** The CPU ticks a member's processes used so far; empty when one of them is gone. */
    static Optional<Long> ticks(StackProcesses.Member member) {
        long sum = 0;
        for (long pid : member.pids()) {
            Optional<Long> each = switch (member.kind()) {
                case PROCESS -> ProcCpu.read(pid).map(ProcCpu.Stat::ownTicks);
                case POSTGRES -> ProcCpu.treeTicks(pid, true, child -> true);
                case BENCH -> ProcCpu.treeTicks(pid, false,
                        child -> ProcCpu.cmdline(child.pid()).contains(ConnectWorker.class.getName()));
            };
            if (each.isEmpty()) {
                return Optional.empty();
            }
            sum += each.get();
        }
        return Optional.of(sum);
    }

    private Reading read() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        Map<Long, Long> startTimes = new HashMap<>();
        for (StackProcesses.Member member : stack.members()) {
            member.pids().forEach(pid -> ProcCpu.read(pid).ifPresent(stat -> startTimes.put(pid, stat.startTime())));
            ticks(member).ifPresent(sum -> ticks.put(member.name(), sum));
        }
        PgCounters.Snapshot counters = null;
        if (pg != null) {
            try {
                counters = pg.read();
            } catch (Exception e) {
                notes.add("PostgreSQL statistics not read: " + e.getMessage());
            }
        }
        return new Reading(System.nanoTime(), ticks, startTimes, counters);
    }

    /**
     * The CPU figures of a window of {@code windowS} seconds: per process (seconds, and seconds per 1,000 messages),
     * the stack's core-ms per message and per delivery (every process but the bench) and how many cores the stack
     * kept busy on average. Processes missing from either reading are left out.
     */
    static Map<String, Object> cpuFigures(Map<String, Long> startTicks, Map<String, Long> endTicks, double windowS,
            long messages, Long deliveries, long ticksPerSecond) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, Double> per1000 = new LinkedHashMap<>();
        long stackTicks = 0;
        for (Map.Entry<String, Long> first : startTicks.entrySet()) {
            Long last = endTicks.get(first.getKey());
            if (last == null) {
                continue;
            }
            long used = Math.max(0, last - first.getValue());
            seconds.put(first.getKey(), round(used / (double) ticksPerSecond));
            if (messages > 0) {
                per1000.put(first.getKey(), round(used / (double) ticksPerSecond * 1000.0 / messages));
            }
            if (!first.getKey().equals("bench")) {
                stackTicks += used;
            }
        }
        double stackMs = stackTicks * 1000.0 / ticksPerSecond;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("cpuWindowS", round(windowS));
        figures.put("cpuMessages", messages);
        figures.put("cpuByProcess", seconds);
        figures.put("cpuByProcessPer1000Messages", per1000);
        figures.put("cpuStackCoreS", round(stackMs / 1000.0));
        figures.put("cpuStackCoresBusy", windowS > 0 ? round(stackMs / 1000.0 / windowS) : null);
        figures.put("cpuCoreMsPerMessage", messages > 0 ? round(stackMs / messages) : null);
        if (deliveries != null) {
            figures.put("cpuCoreMsPerDelivery", deliveries > 0 ? round(stackMs / deliveries) : null);
        }
        return figures;
    }

    /**
     * PostgreSQL's figures between two readings: statements per message in the four service databases (total, by
     * database, and the statements that ran most), transactions and rows written per message.
     */
    static Map<String, Object> pgFigures(PgCounters.Snapshot first, PgCounters.Snapshot last, long messages,
            boolean statements) {
        Map<String, Object> figures = new LinkedHashMap<>();
        if (messages <= 0) {
            return figures;
        }
        if (statements) {
            figures.put("pgStatementsSource", "pg_stat_statements");
            Map<String, Double> byDatabase = perMessage(first.callsByDatabase(), last.callsByDatabase(), messages);
            figures.put("pgStatementsPerMessage", round(byDatabase.values().stream().mapToDouble(d -> d).sum()));
            figures.put("pgStatementsPerMessageByDatabase", byDatabase);
            List<Map<String, Object>> top = new ArrayList<>();
            last.statements().entrySet().stream()
                    .filter(e -> DATABASES.contains(e.getValue().database()))
                    .map(e -> Map.entry(e.getValue(), e.getValue().calls()
                            - Optional.ofNullable(first.statements().get(e.getKey())).map(PgCounters.Query::calls)
                            .orElse(0L)))
                    .filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<PgCounters.Query, Long>comparingByValue(Comparator.reverseOrder()))
                    .limit(TOP_STATEMENTS)
                    .forEach(e -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("database", e.getKey().database());
                        row.put("perMessage", round(e.getValue() / (double) messages));
                        String text = e.getKey().query().replaceAll("\\s+", " ").trim();
                        row.put("query", text.length() > 160 ? text.substring(0, 157) + "..." : text);
                        top.add(row);
                    });
            figures.put("pgTopStatements", top);
        }
        Map<String, Double> transactions = perMessage(first.transactionsByDatabase(), last.transactionsByDatabase(),
                messages);
        figures.put("pgTransactionsPerMessage", round(transactions.values().stream().mapToDouble(d -> d).sum()));
        figures.put("pgTransactionsPerMessageByDatabase", transactions);
        Map<String, Double> rows = perMessage(first.rowsWrittenByDatabase(), last.rowsWrittenByDatabase(), messages);
        figures.put("pgRowsWrittenPerMessage", round(rows.values().stream().mapToDouble(d -> d).sum()));
        return figures;
    }

    /** (last − first) ÷ messages for each service database present in both readings. */
    static Map<String, Double> perMessage(Map<String, Long> first, Map<String, Long> last, long messages) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String database : DATABASES) {
            Long before = first.get(database);
            Long after = last.get(database);
            if (after != null) {
                out.put(database, round(Math.max(0, after - (before == null ? 0 : before)) / (double) messages));
            }
        }
        return out;
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    @Override
    public void close() {
        if (pg != null) {
            pg.close();
        }
    }
}
