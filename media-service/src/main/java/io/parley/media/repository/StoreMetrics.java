package io.parley.media.repository;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.function.Supplier;

/**
 * One store's operations on {@code /q/metrics}: {@code parley_media_store_operations_total{store,operation,outcome}}
 * and their latency {@code parley_media_store_operation_seconds{store,operation}} (for a read: until the bytes start).
 */
public final class StoreMetrics {

    private final MeterRegistry registry;
    private final String store;

    public StoreMetrics(MeterRegistry registry, String store) {
        this.registry = registry;
        this.store = store;
    }

    /** Outcome {@code ok}, {@code missing} (no such blob) or {@code error}. */
    public void count(String operation, String outcome) {
        registry.counter("parley.media.store.operations", "store", store, "operation", operation, "outcome", outcome)
                .increment();
    }

    /** Runs one operation, timed and counted; its failure is counted as {@code error} and rethrown. */
    public <T> T timed(String operation, Supplier<T> work) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "error";
        try {
            T result = work.get();
            outcome = "ok";
            return result;
        } finally {
            stop(sample, operation, outcome);
        }
    }

    <T> T timedIo(String operation, IoWork<T> work) throws java.io.IOException {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "error";
        try {
            T result = work.run();
            outcome = "ok";
            return result;
        } catch (java.nio.file.NoSuchFileException e) {
            outcome = "missing";
            throw e;
        } finally {
            stop(sample, operation, outcome);
        }
    }

    private void stop(Timer.Sample sample, String operation, String outcome) {
        sample.stop(Timer.builder("parley.media.store.operation").tags("store", store, "operation", operation)
                .publishPercentileHistogram(false).register(registry));
        count(operation, outcome);
    }

    interface IoWork<T> {
        T run() throws java.io.IOException;
    }
}
