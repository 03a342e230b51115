package io.parley.chat.subscriptions;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/** Event subscriptions' delivery settings, {@code parley.chat.subscriptions.*}; defaults and why in application.properties. */
@ConfigMapping(prefix = "parley.chat.subscriptions")
public interface SubscriptionConfig {

    /** Deliveries in flight at once, all subscriptions together (one per lane at most). */
    int concurrency();

    /** The longest one POST may take, connection included; slower counts as a failure. */
    Duration timeout();

    /** First retry delay; doubled per failed attempt of the same delivery up to {@link #maxBackoff}, with jitter. */
    Duration minBackoff();

    Duration maxBackoff();

    /** Failed attempts in a row (any channel) after which the subscription is disabled. */
    int disableAfterFailures();

    /** How often the dispatcher looks for due deliveries when nothing woke it. */
    Duration pollInterval();

    /** How often the intake's in-memory subscription list is reloaded (changes made on other instances). */
    Duration indexRefresh();

    /** Subscriptions one bot may have. */
    int maxPerBot();

    /** How long delivered rows stay in the delivery log. */
    Duration keepDelivered();
}
