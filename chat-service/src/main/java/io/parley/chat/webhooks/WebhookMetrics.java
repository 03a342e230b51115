package io.parley.chat.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code parley_chat_webhook_posts_total{outcome}}: every POST to a webhook URL by what it gave — posted, replayed
 * (an idempotency key seen before), not_found, rate_limited, invalid, too_large, forbidden (the bot is disabled or
 * not in the channel), unavailable, error.
 */
@ApplicationScoped
public class WebhookMetrics {

    static final String POSTED = "posted";
    static final String REPLAYED = "replayed";
    static final String NOT_FOUND = "not_found";
    static final String RATE_LIMITED = "rate_limited";
    static final String INVALID = "invalid";
    static final String TOO_LARGE = "too_large";
    static final String FORBIDDEN = "forbidden";
    static final String UNAVAILABLE = "unavailable";
    static final String ERROR = "error";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        // present from the start (at 0), so a dashboard's rate() has a series before the first post
        for (String outcome : new String[] {POSTED, REPLAYED, NOT_FOUND, RATE_LIMITED, INVALID, TOO_LARGE}) {
            counter(outcome);
        }
    }

    void post(String outcome) {
        counter(outcome).increment();
    }

    private Counter counter(String outcome) {
        return counters.computeIfAbsent(outcome, o -> Counter.builder("parley.chat.webhook.posts").tag("outcome", o)
                .description("POSTs to incoming webhook URLs, by outcome").register(registry));
    }
}
