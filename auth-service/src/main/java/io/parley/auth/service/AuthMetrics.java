package io.parley.auth.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** The auth-service's own Micrometer meters (parley_auth_* in /q/metrics). */
@ApplicationScoped
public class AuthMetrics {

    private final MeterRegistry registry;
    private final Counter registrations;
    private final Counter userEventsPublished;

    public AuthMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.registrations = Counter.builder("parley.auth.registrations").description("Accounts created")
                .register(registry);
        this.userEventsPublished = Counter.builder("parley.auth.user.events.published")
                .description("auth.users records published from the outbox").register(registry);
    }

    public void registered() {
        registrations.increment();
    }

    /** outcome: success, failure (bad credentials) or throttled. */
    public void login(String outcome) {
        registry.counter("parley.auth.logins", "outcome", outcome).increment();
    }

    /** outcome: rotated, invalid or reuse (a rotated token presented again: its family is revoked). */
    public void refresh(String outcome) {
        registry.counter("parley.auth.refreshes", "outcome", outcome).increment();
    }

    /** action: ban or unban. */
    public void moderation(String action) {
        registry.counter("parley.auth.moderation", "action", action).increment();
    }

    public void userEventsPublished(int count) {
        userEventsPublished.increment(count);
    }
}
