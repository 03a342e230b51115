package io.parley.chat.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.chat.domain.CommandOutcome;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Micrometer meters of command processing: outcomes per op, batch sizes, waits for PostgreSQL, batches split up.
 */
@ApplicationScoped
public class CommandMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Counter retries;
    private final Counter split;

    public CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("parley.chat.command.batch.size")
                .description("Commands per transaction batch").register(registry);
        this.retries = Counter.builder("parley.chat.command.db.retries")
                .description("Batches retried because PostgreSQL was unavailable").register(registry);
        this.split = Counter.builder("parley.chat.command.batch.split")
                .description("Batches that failed as a whole and were applied one command at a time").register(registry);
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
