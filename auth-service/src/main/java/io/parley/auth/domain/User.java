package io.parley.auth.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An account as stored: the password hash stays in the repository layer and never travels in this record.
 *
 * @param bot             a bot account (docs/bots.md), owned by {@code ownerId}
 * @param ownerId         the user who created the bot; null for a person
 * @param tokensNotBefore access tokens issued before this are refused; null when there is no such bound
 * @param deletedAt       when the bot was deleted (its row stays, banned); null while it exists
 */
public record User(UUID id, String username, String displayName, List<String> roles, boolean banned,
        Instant createdAt, Instant updatedAt, boolean bot, UUID ownerId, Instant tokensNotBefore, Instant deletedAt) {

    public static final String ROLE_USER = "user";
    public static final String ROLE_ADMIN = "admin";
    public static final String ROLE_BOT = "bot";

    public boolean isAdmin() {
        return roles.contains(ROLE_ADMIN);
    }

    /** The bound that refuses every token issued up to now: the next whole second. */
    public static Instant nextTokensNotBefore(Instant now) {
        return now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    /**
     * Whether an access token issued at {@code issuedAtSeconds} (its {@code iat}, whole seconds) is refused by
     * {@code tokensNotBefore}: issued before it. The bound is always a whole second after the change that set it
     * ({@link #nextTokensNotBefore}), so every token issued up to the change is refused, and no token is issued before
     * it (the bot-token exchange waits for it).
     */
    public boolean refusesTokenIssuedAt(long issuedAtSeconds) {
        return tokensNotBefore != null && issuedAtSeconds < tokensNotBefore.getEpochSecond();
    }
}
