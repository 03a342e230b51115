package io.parley.gateway.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.kit.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The gateway's Micrometer meters; tag values are bounded (known ops and codes only) to keep cardinality fixed. */
@ApplicationScoped
public class GatewayMetrics {

    private static final Set<String> KNOWN_OPS = Set.of("ping", "subscribe", "unsubscribe", "send", "edit", "delete",
            "react", "typing", "read", "presence.set", "presence.watch", "auth", "ok", "error", "pong", "hello", "event",
            "call.join", "call.leave", "call.signal", "call.get");

    /** The gateway's REST limits: authenticated writes per user (the socket's command budget), registrations per IP. */
    public static final Set<String> API_LIMITS = Set.of("user-writes", "register-per-ip");

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> framesIn = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> framesOut = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> callSignals = new ConcurrentHashMap<>();
    private final Counter rateLimited;
    private final Map<String, Counter> apiRateLimited;
    private final Counter replayed;
    private final Timer fanOutDelay;

    public GatewayMetrics(MeterRegistry registry, SocketRegistry sockets) {
        this.registry = registry;
        registry.gauge("parley.gateway.sockets.active", sockets, SocketRegistry::size);
        this.rateLimited = Counter.builder("parley.gateway.rate.limited")
                .description("commands refused with RATE_LIMITED").register(registry);
        this.apiRateLimited = API_LIMITS.stream().collect(Collectors.toUnmodifiableMap(limit -> limit,
                limit -> Counter.builder("parley.gateway.api.rate.limited").tag("limit", limit)
                        .description("REST requests refused with RATE_LIMITED by the gateway").register(registry)));
        this.replayed = Counter.builder("parley.gateway.replayed.events")
                .description("channel events replayed from chat-service's log").register(registry);
        this.fanOutDelay = Timer.builder("parley.gateway.fanout.delay")
                .description("event time (commit) to the write on local sockets")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** {@code parley_call_signals_total{kind}}: call.signal accepted for delivery by this gateway. */
    public void callSignal(String kind) {
        callSignals.computeIfAbsent(kind, k -> Counter.builder("parley.call.signals").tag("kind", k)
                .description("call.signal accepted for delivery").register(registry)).increment();
    }

    public void frameIn(String op) {
        counter(framesIn, "parley.gateway.frames.in", op).increment();
    }

    public void framesOut(String op, int count) {
        if (count > 0) {
            counter(framesOut, "parley.gateway.frames.out", op).increment(count);
        }
    }

    /** @param code the code of an error frame: a contract code or a socket-only one, never free text */
    public void error(String code) {
        errors.computeIfAbsent(code, c -> Counter.builder("parley.gateway.errors").tag("code", c)
                .description("error replies by code").register(registry)).increment();
        if (ErrorCode.RATE_LIMITED.name().equals(code)) {
            rateLimited.increment();
        }
    }

    /** A REST request refused RATE_LIMITED at the gateway; {@code limit} is one of {@code API_LIMITS}. */
    public void apiRateLimited(String limit) {
        Counter counter = apiRateLimited.get(limit);
        if (counter != null) {
            counter.increment();
        }
    }

    public void replayed(int count) {
        if (count > 0) {
            replayed.increment(count);
        }
    }

    public void fanOutDelay(long eventTimeMs, long nowMs) {
        fanOutDelay.record(Math.max(0, nowMs - eventTimeMs), TimeUnit.MILLISECONDS);
    }

    private Counter counter(ConcurrentHashMap<String, Counter> counters, String name, String op) {
        String tag = KNOWN_OPS.contains(op) ? op : "unknown";
        Counter found = counters.get(tag);
        if (found == null) {
            found = counters.computeIfAbsent(tag, t -> Counter.builder(name).tag("op", t).register(registry));
        }
        return found;
    }
}
