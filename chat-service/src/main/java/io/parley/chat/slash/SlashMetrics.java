package io.parley.chat.slash;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code parley_chat_slash_invocations_total{outcome}}: {@code invoked}, {@code replayed} (a retried send),
 * {@code unknown} (no such command); {@code parley_chat_slash_responses_total{visibility}}: {@code ephemeral},
 * {@code public}.
 */
@ApplicationScoped
public class SlashMetrics {

    private final MeterRegistry registry;

    public SlashMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void invocation(String outcome) {
        registry.counter("parley.chat.slash.invocations", "outcome", outcome).increment();
    }

    void response(boolean ephemeral) {
        registry.counter("parley.chat.slash.responses", "visibility", ephemeral ? "ephemeral" : "public").increment();
    }
}
