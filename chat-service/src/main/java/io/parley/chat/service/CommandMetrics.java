package io.parley.chat.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.chat.domain.CommandOutcome;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer meters of command processing: outcomes per op, batch sizes, waits for PostgreSQL, and where a command's
 * time goes: from its record's timestamp (the gateway's send) to its batch's start, then the batch itself.
 */
@ApplicationScoped
public class CommandMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Counter retries;
    private final Timer queued;
    private final Timer batchDuration;

    public CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("parley.chat.command.batch.size")
                .description("Commands per transaction batch").register(registry);
        this.retries = Counter.builder("parley.chat.command.db.retries")
                .description("Batches retried because PostgreSQL was unavailable").register(registry);
        this.queued = latency("parley.chat.command.queued",
                "From a command's chat.commands record timestamp to the start of its batch", registry);
        this.batchDuration = latency("parley.chat.command.batch.duration",
                "A batch from its start to its offsets' acknowledgement: commit, replies", registry);
    }

    private static Timer latency(String name, String description, MeterRegistry registry) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** How many commands wait in the listener's queue or in its running round. */
    public void queueDepth(AtomicInteger depth) {
        Gauge.builder("parley.chat.command.queue", depth, AtomicInteger::get)
                .description("Commands taken from chat.commands and not yet acknowledged").register(registry);
    }

    /** A command's record was produced at {@code producedAtMs}; its batch starts at {@code nowMs}. */
    public void queued(long producedAtMs, long nowMs) {
        queued.record(Math.max(0, nowMs - producedAtMs), TimeUnit.MILLISECONDS);
    }

    public void batchDone(long startedNanos) {
        batchDuration.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    void batch(int size) {
        batchSize.record(size);
    }

    void retried() {
        retries.increment();
    }

    void applied(String op, CommandOutcome outcome) {
        String result = outcome.error() == null ? "ok" : outcome.error().code();
        registry.counter("parley.chat.commands", "op", op, "outcome", result).increment();
    }
}
