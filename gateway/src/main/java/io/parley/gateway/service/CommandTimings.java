package io.parley.gateway.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.gateway.error.ReplyException;
import io.parley.kit.error.UnavailableException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code parley.gateway.command.round.trip}: from handing a chat command to chat.commands to its reply from
 * gateway.replies, per op and outcome: {@code ok}, {@code error} (chat-service answered with an error code),
 * {@code unavailable} (no reply within {@code parley.gateway.command-timeout}, or Kafka refused the command: the
 * client got UNAVAILABLE) or {@code refused} (not sent: the frame id was still in flight). A percentile histogram,
 * so Prometheus can aggregate quantiles across gateways.
 */
@ApplicationScoped
public class CommandTimings {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public CommandTimings(MeterRegistry registry) {
        this.registry = registry;
    }

    public long start() {
        return System.nanoTime();
    }

    public void stop(String op, long startNanos, Throwable failure) {
        String outcome = failure == null ? "ok"
                : failure instanceof UnavailableException ? "unavailable"
                : failure instanceof ReplyException ? "error" : "refused";
        timer(op, outcome).record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private Timer timer(String op, String outcome) {
        return timers.computeIfAbsent(op + '\n' + outcome, key -> Timer.builder("parley.gateway.command.round.trip")
                .description("Time from sending a chat command to chat.commands to its reply on gateway.replies")
                .tags("op", op, "outcome", outcome)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry));
    }
}
