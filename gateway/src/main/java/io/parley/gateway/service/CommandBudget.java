package io.parley.gateway.service;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.AbstractLimit;
import com.netflix.concurrency.limits.limit.WindowedLimit;
import com.netflix.concurrency.limits.limit.window.PercentileSampleWindowFactory;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.gateway.error.ReplyException;
import io.quarkus.runtime.Startup;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * This instance's in-flight budget on the command path: chat commands handed to chat.commands whose reply (or
 * timeout) has not come yet. Beyond the current limit a command is answered UNAVAILABLE at once and never produced,
 * so an over-offered gateway sheds the excess instead of letting chat.commands queue for seconds.
 * <p>
 * The limit adapts (Netflix concurrency-limits: AIMD over windows of round trips): every window (twice the shortest
 * round trip of the last, between {@value #WINDOW_MIN_MS} and {@value #WINDOW_MAX_MS} ms, of at least
 * {@value #WINDOW_MIN_SAMPLES} answers) whose 90th percentile round trip is above
 * {@code target-round-trip}, or that saw a command time out, lowers it by a tenth; a window within the target whose
 * commands used at least half of it raises it by a tenth (at least one), so that a limit lowered by a slow minute is
 * back within seconds once the round trips are (the library's AIMDLimit adds one a window: from 50 to 200 would take
 * 150 windows, half a minute and more, of shedding a load the stack carries again). It stays between
 * {@code min-in-flight} and {@code max-in-flight} (equal: a fixed bound). By Little's law the commands in flight are
 * the rate times the round trip, so the limit settles where chat-service's throughput keeps the round trip at the
 * target, whatever that throughput is (docs/gateway.md, "Overload"). Count only, not bytes: a command's bytes are
 * held until the broker has it, which {@code parley.emitter.max-buffered-bytes} bounds; after that only its small
 * pending entry is left.
 */
@ApplicationScoped
@Startup // its metrics are on /q/metrics from the start, not from the first command
public class CommandBudget {

    /** The shed counter's {@code reason} for a command refused because the in-flight budget was used up. */
    public static final String IN_FLIGHT = "in-flight";
    static final int WINDOW_MIN_MS = 100;
    static final int WINDOW_MAX_MS = 250;
    static final int WINDOW_MIN_SAMPLES = 10;
    /** Round trips kept per window for its percentile (a window at 1,000 answers/s and 100 ms holds about this many). */
    private static final int WINDOW_SAMPLES_KEPT = 200;
    private static final double WINDOW_PERCENTILE = 0.9;
    private static final double BACKOFF = 0.9;
    private static final double GROWTH = 0.1;
    private static final int DEFAULT_MIN = 50;

    private final int max;
    private final int min;
    private final SimpleLimiter<Void> limiter;
    private final Counter shedInFlight;

    /** {@code parley.gateway.commands.*}: a root of its own, so GatewayConfig (which maps its prefix strictly) stays as is. */
    @ConfigMapping(prefix = "parley.gateway.commands")
    public interface Config {
        /** The highest the limit goes (and where it starts); positive. */
        int maxInFlight();

        /** The lowest the limit goes; positive, at most {@code max-in-flight} (default: 50, or max-in-flight if lower). */
        OptionalInt minInFlight();

        /** The 90th percentile round trip (command sent → its reply) a window may have before the limit is lowered. */
        @WithDefault("500ms")
        Duration targetRoundTrip();
    }

    public CommandBudget(Config config, MeterRegistry registry) {
        int max = config.maxInFlight();
        int min = config.minInFlight().orElse(Math.min(DEFAULT_MIN, max));
        Duration target = config.targetRoundTrip();
        if (max <= 0) {
            throw new IllegalArgumentException("parley.gateway.commands.max-in-flight must be positive, got " + max);
        }
        if (min <= 0 || min > max) {
            throw new IllegalArgumentException("parley.gateway.commands.min-in-flight must be between 1 and max-in-flight ("
                    + max + "), got " + min);
        }
        if (target.toMillis() < 1 || target.toMillis() > 60_000) {
            throw new IllegalArgumentException(
                    "parley.gateway.commands.target-round-trip must be between 1ms and 60s, got " + target);
        }
        this.max = max;
        this.min = min;
        RoundTripLimit rule = new RoundTripLimit(min, max, target.toNanos());
        this.limiter = SimpleLimiter.newBuilder()
                .named("gateway-commands")
                .limit(WindowedLimit.newBuilder()
                        .minWindowTime(WINDOW_MIN_MS, TimeUnit.MILLISECONDS)
                        .maxWindowTime(WINDOW_MAX_MS, TimeUnit.MILLISECONDS)
                        .windowSize(WINDOW_MIN_SAMPLES)
                        .sampleWindowFactory(PercentileSampleWindowFactory.of(WINDOW_PERCENTILE, WINDOW_SAMPLES_KEPT))
                        .build(rule))
                .build();
        Gauge.builder("parley.gateway.commands.in.flight", limiter, SimpleLimiter::getInflight)
                .description("Chat commands sent to chat.commands and not yet answered (or timed out)")
                .register(registry);
        Gauge.builder("parley.gateway.commands.limit", limiter, SimpleLimiter::getLimit)
                .description("The in-flight budget now: beyond it a chat command is answered UNAVAILABLE at once")
                .register(registry);
        Gauge.builder("parley.gateway.commands.max.in.flight", () -> this.max)
                .description("The highest the in-flight budget goes (max-in-flight)")
                .register(registry);
        this.shedInFlight = Counter.builder("parley.gateway.commands.shed")
                .description("Chat commands answered at once without being sent, because the gateway was over its budget")
                .tag("reason", IN_FLIGHT).register(registry);
    }

    /**
     * @return a place in the budget, which must be {@link #settle}d exactly once (when its reply, timeout or refusal
     *         comes, or its waiter goes away); empty when the budget is used up, and the shed is counted
     */
    public Optional<Limiter.Listener> tryAcquire() {
        Optional<Limiter.Listener> place = limiter.acquire(null);
        if (place.isEmpty()) {
            shedInFlight.increment();
        }
        return place;
    }

    /**
     * Gives a place back. An answer (an {@code ok}, or an error chat-service replied with) is a round-trip sample;
     * a timeout counts as a drop (it lowers the limit); anything else (refused before it was sent, a publish that
     * failed, the socket gone) leaves the limit alone.
     */
    public static void settle(Limiter.Listener place, Throwable failure, boolean cancelled) {
        if (cancelled) {
            place.onIgnore();
        } else if (failure == null || failure instanceof ReplyException) {
            place.onSuccess();
        } else if (PendingReplies.isTimeout(failure)) {
            place.onDropped();
        } else {
            place.onIgnore();
        }
    }

    public int inFlight() {
        return limiter.getInflight();
    }

    /** The limit now. */
    public int limit() {
        return limiter.getLimit();
    }

    public int max() {
        return max;
    }

    public int min() {
        return min;
    }

    /**
     * The window's verdict: above the target (or a timeout) takes a tenth off, within it (and used) adds a tenth;
     * between min and max. Called by WindowedLimit once a window, under the library's lock.
     */
    static final class RoundTripLimit extends AbstractLimit {

        private final int min;
        private final int max;
        private final long targetNanos;

        RoundTripLimit(int min, int max, long targetNanos) {
            super(max);
            this.min = min;
            this.max = max;
            this.targetNanos = targetNanos;
        }

        @Override
        protected int _update(long startTime, long rtt, int inflight, boolean didDrop) {
            int limit = getLimit();
            if (didDrop || rtt > targetNanos) {
                limit = (int) (limit * BACKOFF);
            } else if (inflight * 2 >= limit) {
                limit = limit + Math.max(1, (int) (limit * GROWTH));
            }
            return Math.min(max, Math.max(min, limit));
        }
    }
}
