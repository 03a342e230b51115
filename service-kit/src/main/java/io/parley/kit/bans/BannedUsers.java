package io.parley.kit.bans;

import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users banned right now, and the bound before which each user's access tokens are refused
 * ({@code tokensNotBefore}: a bot's token rotated or revoked, the bot disabled or deleted, docs/bots.md), projected
 * from the compacted {@code auth.users} topic (its latest record per user is the user's state). Every service keeps
 * it and refuses a banned user's still-valid token (403, {@code CallerResolver}) and a token issued before the bound
 * (401, {@link RevokedTokensAugmentor}).
 */
@ApplicationScoped
public class BannedUsers {

    private final Set<UUID> banned = ConcurrentHashMap.newKeySet();
    /** Epoch seconds: a token whose {@code iat} is below is refused. */
    private final Map<UUID, Long> tokensNotBefore = new ConcurrentHashMap<>();

    /**
     * Records the state an {@code auth.users} record carries; a record without {@code banned: true} lifts a ban.
     *
     * @return true when the record moved the user's {@code tokensNotBefore} later (tokens were revoked just now)
     */
    public boolean apply(Envelope record) {
        UUID userId = userIdOf(record);
        if (userId == null) {
            return false;
        }
        record(userId, record.data() != null && record.data().path("banned").asBoolean(false));
        Long bound = record.data() == null ? null : epochSeconds(record.data().path("tokensNotBefore").asText(null));
        if (bound == null) {
            // the bound only ever moves later: a record without one (written before bots) does not lift it
            return false;
        }
        Long before = tokensNotBefore.get(userId);
        if (before != null && before >= bound) {
            return false;
        }
        tokensNotBefore.merge(userId, bound, Math::max);
        return true;
    }

    /**
     * Whether a token of {@code userId} issued at {@code issuedAtSeconds} (its {@code iat}) is refused: issued before
     * the user's {@code tokensNotBefore}. A token without {@code iat} (0 or less) is refused when a bound exists.
     */
    public boolean refusesToken(UUID userId, long issuedAtSeconds) {
        if (userId == null) {
            return false;
        }
        Long bound = tokensNotBefore.get(userId);
        return bound != null && issuedAtSeconds < bound;
    }

    /** For callers that hold a token's subject as text. */
    public boolean refusesToken(String userId, long issuedAtSeconds) {
        return refusesToken(parse(userId), issuedAtSeconds);
    }

    /** The user's bound in epoch seconds, null when there is none. */
    public Long tokensNotBefore(UUID userId) {
        return userId == null ? null : tokensNotBefore.get(userId);
    }

    public void record(UUID userId, boolean isBanned) {
        if (isBanned) {
            banned.add(userId);
        } else {
            banned.remove(userId);
        }
    }

    public boolean isBanned(UUID userId) {
        return userId != null && banned.contains(userId);
    }

    /** For callers that hold a token's subject as text; a subject that is no user id is never banned. */
    public boolean isBanned(String userId) {
        UUID id = parse(userId);
        return id != null && banned.contains(id);
    }

    public int size() {
        return banned.size();
    }

    /** The user an {@code auth.users} record is about: its subject (the record key), else {@code data.user.id}. */
    public static UUID userIdOf(Envelope record) {
        UUID id = parse(record.subject());
        if (id == null && record.data() != null) {
            id = parse(record.data().path("user").path("id").asText(null));
        }
        return id;
    }

    /** Reads an {@code auth.users} record value; null for a tombstone or a value that is no envelope. */
    public static Envelope read(String value) {
        if (value == null) {
            return null;
        }
        try {
            return EnvelopeJson.read(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Long epochSeconds(String iso) {
        if (iso == null || iso.isEmpty()) {
            return null;
        }
        try {
            Instant instant = Instant.parse(iso);
            // a bound inside a second refuses that second's tokens too (iat has whole seconds)
            return instant.getNano() == 0 ? instant.getEpochSecond() : instant.getEpochSecond() + 1;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static UUID parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
