package io.parley.chat.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.chat.domain.CommandOutcome;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * Micrometer meters of command processing: outcomes per op, batch sizes, how long commands waited for their batch,
 * waits for PostgreSQL, batches split up.
 */
@ApplicationScoped
public class CommandMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Counter retries;
    private final Counter split;
    private final Timer wait;

    public CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("parley.chat.command.batch.size")
                .description("Commands per transaction batch").register(registry);
        this.retries = Counter.builder("parley.chat.command.db.retries")
                .description("Batches retried because PostgreSQL was unavailable").register(registry);
        this.split = Counter.builder("parley.chat.command.batch.split")
                .description("Batches that failed as a whole and were applied one command at a time").register(registry);
        // the gateway's envelope time (when it produced the command) to the start of the command's batch here: the
        // hop through chat.commands and the wait behind earlier batches (the clocks of two hosts: skew is in it)
        this.wait = Timer.builder("parley.chat.command.wait")
                .description("Time from a command's production (its envelope time) to the start of its batch")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1)).register(registry);
    }

    /** A command produced at {@code producedAt} (its envelope time) starts its batch now. */
    public void waited(Instant producedAt, Instant now) {
        if (producedAt != null) {
            Duration waited = Duration.between(producedAt, now);
            wait.record(waited.isNegative() ? Duration.ZERO : waited);
        }
    }

    void batch(int size) {
        batchSize.record(size);
    }

    void retried() {
        retries.increment();
    }

    void split() {
        split.increment();
    }

    void applied(String op, CommandOutcome outcome) {
        String result = outcome.error() == null ? "ok" : outcome.error().code();
        registry.counter("parley.chat.commands", "op", op, "outcome", result).increment();
    }
}
