package io.parley.chat.subscriptions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code parley_chat_deliveries_total{outcome}} (delivered, failed, refused), {@code parley_chat_delivery_attempt_seconds},
 * {@code parley_chat_deliveries_pending} and {@code parley_chat_subscriptions_disabled_total}.
 */
@ApplicationScoped
class SubscriptionMetrics {

    private final MeterRegistry registry;
    private final Timer attempt;
    private final Counter disabled;
    private final AtomicLong pending = new AtomicLong();

    SubscriptionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.attempt = Timer.builder("parley.chat.delivery.attempt")
                .description("One POST of a delivery to a subscription's URL, connection included")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        this.disabled = Counter.builder("parley.chat.subscriptions.disabled")
                .description("Subscriptions disabled after repeated failure").register(registry);
        Gauge.builder("parley.chat.deliveries.pending", pending, AtomicLong::get)
                .description("Deliveries not yet made (all instances; refreshed every few seconds)").register(registry);
        for (String outcome : new String[] {"delivered", "failed", "refused"}) {
            counter(outcome);
        }
    }

    void attempted(DeliverySender.Outcome outcome) {
        attempt.record(Duration.ofNanos(outcome.nanos()));
        counter(outcome.metricOutcome()).increment();
    }

    void disabled() {
        disabled.increment();
    }

    void pending(long count) {
        pending.set(count);
    }

    private Counter counter(String outcome) {
        return Counter.builder("parley.chat.deliveries").tag("outcome", outcome)
                .description("Delivery attempts by outcome").register(registry);
    }
}
