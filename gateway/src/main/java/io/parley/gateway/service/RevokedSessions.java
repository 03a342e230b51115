package io.parley.gateway.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import io.parley.gateway.config.GatewayConfig;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The refresh-token families (the access tokens' {@code sid}) of sessions revoked through session-service, heard on
 * session.commands: their access tokens stay valid until they expire, so a handshake or an {@code auth} frame
 * with one is refused until then. Each entry is kept for the longest access-token lifetime and the set is bounded
 * (when full, the entry nearest its end goes first). This instance's memory only: a gateway started after a revoke
 * does not know it (the family's refresh tokens are revoked in auth-service regardless).
 */
@ApplicationScoped
public class RevokedSessions {

    private final Map<String, Long> keptUntilMs = new ConcurrentHashMap<>();
    private final long keepMs;
    private final int maxEntries;
    private final LongSupplier clock;

    @Inject
    public RevokedSessions(GatewayConfig config, MeterRegistry registry) {
        this(config.revokedSessions().keep(), config.revokedSessions().maxEntries(), System::currentTimeMillis);
        registry.gauge("parley.gateway.revoked.sessions", keptUntilMs, Map::size);
    }

    RevokedSessions(Duration keep, int maxEntries, LongSupplier clock) {
        this.keepMs = keep.toMillis();
        this.maxEntries = Math.max(1, maxEntries);
        this.clock = clock;
    }

    /** A session.revoke named this family. */
    public void revoke(String familyId) {
        long now = clock.getAsLong();
        if (keptUntilMs.size() >= maxEntries && !keptUntilMs.containsKey(familyId)) {
            keptUntilMs.values().removeIf(until -> until <= now);
            while (keptUntilMs.size() >= maxEntries) {
                keptUntilMs.entrySet().stream().min(Map.Entry.comparingByValue())
                        .ifPresent(oldest -> keptUntilMs.remove(oldest.getKey(), oldest.getValue()));
            }
        }
        keptUntilMs.put(familyId, now + keepMs);
    }

    /** True when a token of this family must be refused; null (a token without {@code sid}) is never revoked. */
    public boolean isRevoked(String familyId) {
        if (familyId == null) {
            return false;
        }
        Long until = keptUntilMs.get(familyId);
        if (until == null) {
            return false;
        }
        if (until <= clock.getAsLong()) {
            keptUntilMs.remove(familyId, until);
            return false;
        }
        return true;
    }

    int size() {
        return keptUntilMs.size();
    }
}
