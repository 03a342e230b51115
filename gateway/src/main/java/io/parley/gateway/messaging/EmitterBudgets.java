package io.parley.gateway.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes each emitter may hold between the send and the broker's answer (the emitter's buffer and the producer's
 * together). The emitters' buffers are counted in records ({@code mp.messaging.emitter.default-buffer-size}), which
 * alone would let 16,384 records of 64 KiB take a gibibyte of heap; a record beyond the byte budget is refused at once.
 */
@ApplicationScoped
public class EmitterBudgets {

    private final long maxBytes;
    private final MeterRegistry registry;

    public EmitterBudgets(@ConfigProperty(name = "parley.emitter.max-buffered-bytes") long maxBytes,
            MeterRegistry registry) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("parley.emitter.max-buffered-bytes must be positive");
        }
        this.maxBytes = maxBytes;
        this.registry = registry;
    }

    /** A budget of its own for the emitter of {@code channel}, with its gauge and refusal counter. */
    Budget of(String channel) {
        Budget budget = new Budget(maxBytes, Counter.builder("parley.gateway.emitter.refused")
                .description("Records refused because their emitter held its byte budget")
                .tag("channel", channel).register(registry));
        Gauge.builder("parley.gateway.emitter.buffered.bytes", budget.used, AtomicLong::get)
                .description("Bytes of records sent but not yet acknowledged by the broker")
                .tag("channel", channel).baseUnit("bytes").register(registry);
        return budget;
    }

    /** Bytes in flight on one emitter. */
    static final class Budget {

        private final long max;
        private final Counter refused;
        private final AtomicLong used = new AtomicLong();

        Budget(long max, Counter refused) {
            this.max = max;
            this.refused = refused;
        }

        /** @return whether {@code bytes} more fit; if so they are now taken and must be {@link #release}d */
        boolean tryTake(long bytes) {
            long now;
            do {
                now = used.get();
                if (now + bytes > max) {
                    refused.increment();
                    return false;
                }
            } while (!used.compareAndSet(now, now + bytes));
            return true;
        }

        void release(long bytes) {
            used.addAndGet(-bytes);
        }

        long used() {
            return used.get();
        }
    }

    /** The size of {@code s} in UTF-8, without encoding it. */
    static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
