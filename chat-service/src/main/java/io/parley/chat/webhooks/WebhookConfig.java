package io.parley.chat.webhooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Incoming webhook settings, {@code parley.chat.webhooks.*} (docs/webhooks.md). */
@ConfigMapping(prefix = "parley.chat.webhooks")
public interface WebhookConfig {

    /** Posts per second one webhook may make, per chat-service instance (a token bucket refilled at this rate). */
    @WithDefault("5")
    double ratePerSecond();

    /** The bucket's size: posts a quiet webhook may make at once before the rate applies. */
    @WithDefault("10")
    int burst();

    /** The most webhooks one channel may have (creation answers INVALID beyond it). */
    @WithDefault("50")
    int maxPerChannel();
}
