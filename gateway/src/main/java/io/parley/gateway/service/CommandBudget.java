package io.parley.gateway.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * This instance's in-flight budget on the command path: chat commands handed to chat.commands whose reply (or
 * timeout) has not come yet. Beyond {@code parley.gateway.commands.max-in-flight} a command is answered UNAVAILABLE
 * at once and never produced, so an over-offered gateway sheds the excess instead of letting chat.commands queue for
 * seconds. A fixed bound, by Little's law: the commands in flight are the rate times the round trip, so at the rate
 * chat-service sustains they stay far below it, and when they reach it the excess waits no longer than
 * {@code max-in-flight / throughput} (docs/gateway.md, "Overload"). Count only, not bytes: a command's bytes are held
 * until the broker has it, which {@code parley.emitter.max-buffered-bytes} bounds; after that only its small pending
 * entry is left.
 */
@ApplicationScoped
@Startup // its metrics are on /q/metrics from the start, not from the first command
public class CommandBudget {

    /** The shed counter's {@code reason} for a command refused because the in-flight budget was used up. */
    public static final String IN_FLIGHT = "in-flight";

    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter shedInFlight;

    /** {@code parley.gateway.commands.*}: a root of its own, so GatewayConfig (which maps its prefix strictly) stays as is. */
    @ConfigMapping(prefix = "parley.gateway.commands")
    public interface Config {
        /** Commands sent and not yet answered beyond which a command is shed; positive. */
        int maxInFlight();
    }

    public CommandBudget(Config config, MeterRegistry registry) {
        int max = config.maxInFlight();
        if (max <= 0) {
            throw new IllegalArgumentException("parley.gateway.commands.max-in-flight must be positive, got " + max);
        }
        this.max = max;
        Gauge.builder("parley.gateway.commands.in.flight", inFlight, AtomicInteger::get)
                .description("Chat commands sent to chat.commands and not yet answered (or timed out)")
                .register(registry);
        Gauge.builder("parley.gateway.commands.max.in.flight", () -> this.max)
                .description("The in-flight budget: beyond it a chat command is answered UNAVAILABLE at once")
                .register(registry);
        this.shedInFlight = Counter.builder("parley.gateway.commands.shed")
                .description("Chat commands answered at once without being sent, because the gateway was over its budget")
                .tag("reason", IN_FLIGHT).register(registry);
    }

    /**
     * @return whether the command may go; if so it now holds a place that must be {@link #release}d exactly once
     *         (when its reply or timeout comes). When not, the shed is counted.
     */
    public boolean tryAcquire() {
        int now;
        do {
            now = inFlight.get();
            if (now >= max) {
                shedInFlight.increment();
                return false;
            }
        } while (!inFlight.compareAndSet(now, now + 1));
        return true;
    }

    public void release() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int max() {
        return max;
    }
}
