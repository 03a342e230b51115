package io.parley.auth.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/** The auth-service's own Micrometer meters (parley_auth_* in /q/metrics). */
@ApplicationScoped
public class AuthMetrics {

    private final MeterRegistry registry;
    private final Counter registrations;
    private final Counter userEventsPublished;
    private final AtomicLong liveBots = new AtomicLong();

    public AuthMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.registrations = Counter.builder("parley.auth.registrations").description("Accounts created")
                .register(registry);
        this.userEventsPublished = Counter.builder("parley.auth.user.events.published")
                .description("auth.users records published from the outbox").register(registry);
        Gauge.builder("parley.auth.bots", liveBots, AtomicLong::get)
                .description("Bot accounts that exist (not deleted), as last counted after a change").register(registry);
    }

    public void liveBots(long count) {
        liveBots.set(count);
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

    /** outcome: revoked (a session.revoke ended a token family) or none (redelivery, unknown or another user's). */
    public void sessionRevoke(String outcome) {
        registry.counter("parley.auth.session.revokes", "outcome", outcome).increment();
    }

    /** action: ban or unban. */
    public void moderation(String action) {
        registry.counter("parley.auth.moderation", "action", action).increment();
    }

    /** action: created, disabled, enabled, token-rotated, token-revoked or deleted. */
    public void bot(String action) {
        registry.counter("parley.auth.bots.changes", "action", action).increment();
    }

    /** outcome: success, invalid (unknown, revoked or malformed token) or disabled (bot disabled or deleted). */
    public void botTokenExchange(String outcome) {
        registry.counter("parley.auth.bot.token.exchanges", "outcome", outcome).increment();
    }

    /**
     * Stored private keys sealed (again) with the key-encryption key; from: plaintext (written by a version before
     * V5) or previous-key (sealed with the key-encryption key being replaced).
     */
    public void signingKeysSealed(String from, int count) {
        registry.counter("parley.auth.signing.keys.sealed", "from", from).increment(count);
    }

    /** A stored signing key that did not open with the key-encryption key (a wrong or another instance's key). */
    public void signingKeyUnreadable() {
        registry.counter("parley.auth.signing.keys.unreadable").increment();
    }

    public void userEventsPublished(int count) {
        userEventsPublished.increment(count);
    }

    /** Users created by their first sign-in through an OpenID Connect provider. */
    public void oidcProvisioned(String provider) {
        registry.counter("parley.auth.oidc.provisioned", "provider", provider).increment();
    }

    /** kind: code (browser) or exchange (program); outcome: success or the refusal's error code. */
    public void oidcSignIn(String provider, String kind, String outcome) {
        registry.counter("parley.auth.oidc.signins", "provider", provider, "kind", kind, "outcome", outcome)
                .increment();
    }

    /** outcome: done or invalid. */
    public void oidcBackchannelLogout(String provider, String outcome) {
        registry.counter("parley.auth.oidc.backchannel.logouts", "provider", provider, "outcome", outcome)
                .increment();
    }
}
