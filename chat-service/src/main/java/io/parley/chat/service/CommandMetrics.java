package io.parley.chat.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.chat.domain.CommandOutcome;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

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
    private final Timer commit;
    private final Timer replies;

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
        // a round of chat.commands: its transaction (with retries through an outage), then its replies until the
        // broker has them (after the previous round's); the next round commits meanwhile
        this.commit = roundPhase(registry, "commit");
        this.replies = roundPhase(registry, "replies");
    }

    private static Timer roundPhase(MeterRegistry registry, String phase) {
        return Timer.builder("parley.chat.command.round").tag("phase", phase)
                .description("Time a round of chat.commands spends in each phase: commit, then replies")
                .register(registry);
    }

    /** A round's transaction took {@code nanos} (retries included). */
    public void committed(long nanos) {
        commit.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A round's replies were acknowledged {@code nanos} after its commit. */
    public void replied(long nanos) {
        replies.record(nanos, TimeUnit.NANOSECONDS);
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
