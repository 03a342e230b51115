package io.parley.auth.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The signing keys known at one moment, oldest activation first. A key signs from its activation until a later key
 * activates (it is then retired); a retired key is still published and accepted for {@code retention} (the access
 * token lifetime plus clock skew), so every token it signed verifies until it expires. A key not yet active is
 * published ahead, so verifiers that cache the JWKS know it before it signs.
 *
 * @param retention null keeps every key published (PEM mode: the operator removes the previous key)
 */
public record KeyRing(List<SigningKey> keys, Duration retention) {

    public KeyRing {
        keys = keys.stream().sorted(Comparator.comparing(SigningKey::activatesAt)).toList();
    }

    /** The newest active key that holds a private half; empty only before any key exists. */
    public Optional<SigningKey> signingKey(Instant now) {
        SigningKey signing = null;
        for (SigningKey key : keys) {
            if (!key.activatesAt().isAfter(now) && key.privateKey() != null) {
                signing = key;
            }
        }
        return Optional.ofNullable(signing);
    }

    /** The keys a verifier must know now: the active one, those retired within the retention, those coming. */
    public List<SigningKey> published(Instant now) {
        return keys.stream().filter(key -> isPublished(key, now)).toList();
    }

    public Optional<SigningKey> find(String kid, Instant now) {
        return published(now).stream().filter(key -> key.kid().equals(kid)).findFirst();
    }

    /** Keys whose retirement is older than the retention: no valid token can carry them any more. */
    public List<SigningKey> expired(Instant now) {
        return keys.stream().filter(key -> !isPublished(key, now)).toList();
    }

    /** The key activating last, active or not: what rotation compares its age with. */
    public Optional<SigningKey> newest() {
        return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(keys.size() - 1));
    }

    private boolean isPublished(SigningKey key, Instant now) {
        if (retention == null) {
            return true;
        }
        Instant retiredAt = retiredAt(key, now);
        return retiredAt == null || retiredAt.plus(retention).isAfter(now);
    }

    /** When a later, already active key took over from this one; null while it is still current or coming. */
    private Instant retiredAt(SigningKey key, Instant now) {
        return keys.stream()
                .filter(other -> other.activatesAt().isAfter(key.activatesAt()) && !other.activatesAt().isAfter(now))
                .map(SigningKey::activatesAt)
                .findFirst()
                .orElse(null);
    }
}
