package io.parley.auth.service;

import io.parley.auth.config.AuthConfig;
import io.parley.auth.domain.User;
import io.parley.auth.messaging.UserEventOutbox;
import io.parley.auth.messaging.UserEventRelay;
import io.parley.auth.repository.BotRepository;
import io.parley.auth.repository.RefreshTokenRepository;
import io.parley.auth.repository.UserRepository;
import io.parley.events.EventTypes;
import io.parley.kit.error.ConflictException;
import io.parley.kit.error.ForbiddenException;
import io.parley.kit.error.NotFoundException;
import io.parley.kit.error.UnauthenticatedException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Bot accounts (docs/bots.md): created by a person, who gets the bot token once; listed, renamed, given a new token,
 * its token revoked and deleted by the owner (or an admin); disabled by an admin. A bot trades its token for a
 * short-lived access token ({@link #exchange}). Every change writes the bot's auth.users record in its transaction:
 * disable and delete as a ban, and each of disable, delete, token rotation and revocation with
 * {@code tokensNotBefore} = now, so every service refuses the access tokens issued before at once and the gateway
 * closes the sockets opened with them.
 */
@ApplicationScoped
public class BotService {

    private static final Logger LOG = Logger.getLogger(BotService.class);

    static final String NO_SUCH_BOT = "no such bot";
    /** One message for unknown, revoked, disabled and deleted: the answer does not tell which. */
    static final String BAD_TOKEN = "bot token is invalid or revoked";

    private final Pool pool;
    private final UserRepository users;
    private final BotRepository bots;
    private final RefreshTokenRepository refreshTokens;
    private final UserEventOutbox outbox;
    private final UserEventRelay relay;
    private final AccessTokens accessTokens;
    private final AuthConfig config;
    private final AuthMetrics metrics;

    public BotService(Pool pool, UserRepository users, BotRepository bots, RefreshTokenRepository refreshTokens,
            UserEventOutbox outbox, UserEventRelay relay, AccessTokens accessTokens, AuthConfig config,
            AuthMetrics metrics) {
        this.pool = pool;
        this.users = users;
        this.bots = bots;
        this.refreshTokens = refreshTokens;
        this.outbox = outbox;
        this.relay = relay;
        this.accessTokens = accessTokens;
        this.config = config;
        this.metrics = metrics;
    }

    /** A bot and its token, shown once. */
    public record Created(User bot, String token) {
    }

    /** An access token for a bot. */
    public record Exchanged(String accessToken, long expiresInSeconds, User bot) {
    }

    /** @param displayName null: the username */
    public Uni<Created> create(User caller, String username, String displayName) {
        if (caller.bot()) {
            return Uni.createFrom().failure(new ForbiddenException("a bot cannot create bots"));
        }
        String token = BotTokens.newValue();
        int max = config.bots().maxPerOwner();
        return pool.withTransaction(conn -> users.findByIdForUpdate(conn, caller.id())
                        .chain(() -> bots.countOwnedBy(conn, caller.id()))
                        .chain(owned -> owned >= max
                                ? Uni.createFrom().failure(new ConflictException(
                                        "you own " + owned + " bots, the most allowed; delete one first"))
                                : bots.insert(conn, UUID.randomUUID(), username,
                                        displayName == null ? username : displayName, caller.id(),
                                        List.of(User.ROLE_USER, User.ROLE_BOT)))
                        .call(bot -> bots.replaceToken(conn, bot.id(), BotTokens.hash(token)))
                        .call(bot -> outbox.append(conn, EventTypes.AuthUsers.USER_REGISTERED, bot)))
                .map(bot -> {
                    metrics.bot("created");
                    relay.trigger();
                    countBots();
                    return new Created(bot, token);
                });
    }

    /** The caller's bots, or with {@code all} (admin only) every bot. */
    public Uni<List<User>> list(User caller, boolean all) {
        if (all && !caller.isAdmin()) {
            return Uni.createFrom().failure(new ForbiddenException("all=true is for admins"));
        }
        return bots.list(pool, all ? null : caller.id());
    }

    public Uni<User> get(User caller, UUID botId) {
        return visible(pool, caller, botId, false);
    }

    /**
     * @param displayName null: unchanged
     * @param disabled    null: unchanged; admin only (the owner gets 403)
     */
    public Uni<User> update(User caller, UUID botId, String displayName, Boolean disabled) {
        return pool.withTransaction(conn -> visible(conn, caller, botId, true).chain(bot -> {
            if (disabled != null && !caller.isAdmin()) {
                return Uni.createFrom().failure(new ForbiddenException("only an admin can disable or enable a bot"));
            }
            Uni<User> result = Uni.createFrom().item(bot);
            String type = null;
            if (displayName != null && !displayName.equals(bot.displayName())) {
                result = result.chain(b -> users.updateDisplayName(conn, b.id(), displayName));
                type = EventTypes.AuthUsers.USER_UPDATED;
            }
            if (disabled != null && disabled != bot.banned()) {
                result = result.chain(b -> users.updateBanned(conn, b.id(), disabled));
                if (disabled) {
                    // its access tokens stop working at once (401), not only after the ban check (403)
                    result = result.chain(b -> bots.refuseTokensBefore(conn, b.id(), User.nextTokensNotBefore(Instant.now())));
                }
                type = disabled ? EventTypes.AuthUsers.USER_BANNED : EventTypes.AuthUsers.USER_UNBANNED;
                metrics.bot(disabled ? "disabled" : "enabled");
            }
            if (type == null) {
                return result;
            }
            String recordType = type;
            return result.call(b -> outbox.append(conn, recordType, b));
        })).invoke(relay::trigger);
    }

    /** A new token; the old one and every access token issued for it stop working. */
    public Uni<Created> rotateToken(User caller, UUID botId) {
        String token = BotTokens.newValue();
        return pool.withTransaction(conn -> visible(conn, caller, botId, true)
                        .call(bot -> bots.replaceToken(conn, bot.id(), BotTokens.hash(token)))
                        .chain(bot -> refuseTokens(conn, bot)))
                .map(bot -> {
                    metrics.bot("token-rotated");
                    relay.trigger();
                    return new Created(bot, token);
                });
    }

    /** No token at all until the next rotation; every access token issued for the old one stops working. */
    public Uni<Void> revokeToken(User caller, UUID botId) {
        return pool.withTransaction(conn -> visible(conn, caller, botId, true)
                        .call(bot -> bots.deleteToken(conn, bot.id()))
                        .chain(bot -> refuseTokens(conn, bot)))
                .invoke(bot -> {
                    metrics.bot("token-revoked");
                    relay.trigger();
                })
                .replaceWithVoid();
    }

    /** The row stays (banned, its name kept): its auth.users record must stay a ban, not become a tombstone. */
    public Uni<Void> delete(User caller, UUID botId) {
        return pool.withTransaction(conn -> visible(conn, caller, botId, true)
                        .call(bot -> bots.deleteToken(conn, bot.id()))
                        .call(bot -> refreshTokens.revokeAllOfUser(conn, bot.id()))
                        .chain(bot -> bots.markDeleted(conn, bot.id(), User.nextTokensNotBefore(Instant.now())))
                        .call(bot -> outbox.append(conn, EventTypes.AuthUsers.USER_BANNED, bot)))
                .invoke(bot -> {
                    metrics.bot("deleted");
                    relay.trigger();
                    countBots();
                })
                .replaceWithVoid();
    }

    /** Trades a bot token for an access token; 401 for an unknown or revoked token and a disabled or deleted bot. */
    public Uni<Exchanged> exchange(String token) {
        if (!BotTokens.wellFormed(token)) {
            metrics.botTokenExchange("invalid");
            return Uni.createFrom().failure(new UnauthenticatedException(BAD_TOKEN));
        }
        return bots.findByTokenHash(pool, BotTokens.hash(token)).chain(bot -> {
            if (bot == null) {
                metrics.botTokenExchange("invalid");
                return Uni.createFrom().failure(new UnauthenticatedException(BAD_TOKEN));
            }
            if (bot.banned() || bot.deleted()) {
                metrics.botTokenExchange("disabled");
                return Uni.createFrom().failure(new UnauthenticatedException(BAD_TOKEN));
            }
            metrics.botTokenExchange("success");
            // a token issued in the second of a rotation would be refused: wait for the bound (at most a second)
            Uni<User> ready = Uni.createFrom().item(bot);
            long waitMs = bot.tokensNotBefore() == null ? 0
                    : bot.tokensNotBefore().toEpochMilli() - System.currentTimeMillis();
            if (waitMs > 0) {
                ready = ready.onItem().delayIt().by(Duration.ofMillis(waitMs + 1));
            }
            // no refresh-token family: each exchange is a session of its own (sid), the bot exchanges again
            return ready.map(b -> new Exchanged(accessTokens.issue(b, UUID.randomUUID(), config.botAccessTokenLifetime()),
                    config.botAccessTokenLifetime().toSeconds(), b));
        });
    }

    /** Counts the bots for the parley_auth_bots gauge at start-up; after each creation and deletion too. */
    void countAtStart(@Observes StartupEvent event) {
        countBots();
    }

    private void countBots() {
        bots.countLive(pool).subscribe().with(metrics::liveBots,
                failure -> LOG.debugf("bots not counted: %s", failure.toString()));
    }

    private Uni<User> refuseTokens(SqlClient conn, User bot) {
        return bots.refuseTokensBefore(conn, bot.id(), User.nextTokensNotBefore(Instant.now()))
                .call(updated -> outbox.append(conn, EventTypes.AuthUsers.USER_UPDATED, updated));
    }

    /**
     * The bot when the caller owns it or is an admin; 404 for anyone else (visibility rule), for a deleted bot and
     * for a user that is no bot.
     */
    private Uni<User> visible(SqlClient conn, User caller, UUID botId, boolean forUpdate) {
        Uni<User> found = forUpdate ? users.findByIdForUpdate(conn, botId) : users.findById(conn, botId);
        return found.map(bot -> {
            if (bot == null || !bot.bot() || bot.deleted()
                    || !(caller.id().equals(bot.ownerId()) || caller.isAdmin())) {
                throw new NotFoundException(NO_SUCH_BOT);
            }
            return bot;
        });
    }
}
