package io.parley.gateway.service;

import io.parley.gateway.config.GatewayConfig;
import io.parley.gateway.error.CommandRateLimitedException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-user token bucket for send, edit and react on this instance (cluster-wide limits are v2), also spent by
 * REST writes ({@code ApiLimits}). A bot has a budget of its own ({@code parley.gateway.limits.bot-command-*},
 * docs/bots.md): a bot is a user whose {@code auth.users} record says {@code bot: true} ({@link #markBot}, from the
 * gateway's auth.users listener) or whose token's {@code groups} contain {@code bot}.
 */
@ApplicationScoped
public class CommandRateLimiter {

    public static final String BOT_ROLE = "bot";

    private final GatewayConfig.Limits limits;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    /** Bots never become people; a deleted bot stays banned, so the set only grows with the bots there are. */
    private final Set<String> bots = ConcurrentHashMap.newKeySet();

    public CommandRateLimiter(GatewayConfig config) {
        this.limits = config.limits();
    }

    /** The user is a bot (auth.users said so): its commands spend the bot budget. */
    public void markBot(String userId) {
        bots.add(userId);
    }

    public boolean isBot(String userId) {
        return bots.contains(userId);
    }

    /** @throws CommandRateLimitedException with the wait in {@code retryAfterMs} when the user's bucket is empty */
    public void take(String userId) {
        take(userId, false);
    }

    /**
     * @param bot the caller's token says it is a bot (the budget is the bot one when either this or auth.users says so)
     * @throws CommandRateLimitedException with the wait in {@code retryAfterMs} when the user's bucket is empty
     */
    public void take(String userId, boolean bot) {
        long now = System.nanoTime();
        boolean asBot = bot || bots.contains(userId);
        long waitMs = buckets.computeIfAbsent(userId, k -> asBot
                        ? new TokenBucket(limits.botCommandRate(), limits.botCommandBurst(), now)
                        : new TokenBucket(limits.commandRate(), limits.commandBurst(), now))
                .tryTake(now);
        if (waitMs > 0) {
            throw new CommandRateLimitedException("too many commands, retry later", waitMs);
        }
    }

    public void forgetIdle() {
        long now = System.nanoTime();
        buckets.entrySet().removeIf(e -> e.getValue().isFull(now));
    }
}
