package io.parley.gateway.service;

import io.parley.gateway.client.ChannelAccess;
import io.parley.gateway.client.ChatInternalClient;
import io.parley.gateway.config.GatewayConfig;
import io.parley.kit.error.ForbiddenException;
import io.parley.kit.error.NotFoundException;
import io.parley.kit.error.UnavailableException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who may subscribe to (or type in) a channel, asked of chat-service and reused briefly; membership changes
 * (member.joined, member.left, member.updated, channel.joined/left, a join through the proxy) and bans drop the cached
 * answer at once, a refusal as well as a grant.
 * <p>
 * An answer may predate a change that arrives while it is out (a {@code member.left} racing a {@code subscribe}): each
 * change is stamped with a tick of a local clock, so a caller that took a {@link #ticket()} before asking can see at
 * attach time whether its answer went stale ({@link #changedSince}) and ask again.
 */
@ApplicationScoped
public class ChannelAccessCache {

    /** How long a change is remembered for {@link #changedSince}; far above any access query's timeouts. */
    private static final long CHANGE_MEMORY_MS = 60_000;

    private final ChatInternalClient chat;
    private final long ttlMs;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Uni<ChannelAccess>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    /** channelId:userId, or :userId for a change of all the user's channels (a ban), to its latest change */
    private final ConcurrentHashMap<String, Change> changes = new ConcurrentHashMap<>();
    /** tickets below this may have lost their change to {@link #forgetExpired}: they count as changed */
    private volatile long forgottenBelow;

    public ChannelAccessCache(@RestClient ChatInternalClient chat, GatewayConfig config) {
        this.chat = chat;
        this.ttlMs = config.accessCacheTtl().toMillis();
    }

    /** @return the access of a member; fails NOT_FOUND / FORBIDDEN per the contract, UNAVAILABLE when chat is down */
    public Uni<ChannelAccess> requireMember(String channelId, String userId) {
        return access(channelId, userId).map(access -> {
            if (access.isMember()) {
                return access;
            }
            if (access.isJoinable()) {
                throw new ForbiddenException("join the channel first");
            }
            throw new NotFoundException("no such channel");
        });
    }

    private Uni<ChannelAccess> access(String channelId, String userId) {
        String key = channelId + ':' + userId;
        Cached hit = cache.get(key);
        long now = System.currentTimeMillis();
        if (hit != null && hit.expiresAtMs > now) {
            return Uni.createFrom().item(hit.access);
        }
        // one query per key at a time: a burst of subscribes (a client reconnecting with many channels, many
        // sockets of one user) waits for the same answer instead of queueing hundreds of requests on chat-service
        return Uni.createFrom().deferred(() -> inFlight.computeIfAbsent(key, k -> lookup(k, channelId, userId, now)));
    }

    private Uni<ChannelAccess> lookup(String key, String channelId, String userId, long now) {
        @SuppressWarnings("unchecked")
        Uni<ChannelAccess>[] self = new Uni[1];
        self[0] = chat.access(channelId, userId)
                .onFailure().transform(e -> new UnavailableException("chat-service unavailable"))
                .onItemOrFailure().invoke((access, failure) -> {
                    // cached only when no invalidation came while the query was out (its answer may predate it)
                    if (inFlight.remove(key, self[0]) && access != null) {
                        cache.put(key, new Cached(access, now + ttlMs));
                    }
                })
                .memoize().indefinitely();
        return self[0];
    }

    /**
     * Drops the answer for the user in the channel. The change is stamped first: whoever then sweeps the user's
     * subscriptions (member.left) runs after the stamp, so a subscribe that attaches without seeing the stamp is
     * attached before the sweep and swept with the rest.
     */
    public void invalidate(String channelId, String userId) {
        String key = channelId + ':' + userId;
        changes.put(key, new Change(clock.incrementAndGet(), System.currentTimeMillis()));
        cache.remove(key);
        inFlight.remove(key);
    }

    public void invalidateUser(String userId) {
        String suffix = ':' + userId;
        changes.put(suffix, new Change(clock.incrementAndGet(), System.currentTimeMillis()));
        cache.keySet().removeIf(k -> k.endsWith(suffix));
        inFlight.keySet().removeIf(k -> k.endsWith(suffix));
    }

    /** The clock now: take it before asking for access, to ask {@link #changedSince} at attach time. */
    public long ticket() {
        return clock.get();
    }

    /** True when the user's access to the channel may have changed after {@code ticket} was taken. */
    public boolean changedSince(String channelId, String userId, long ticket) {
        if (ticket < forgottenBelow) {
            return true;
        }
        Change channel = changes.get(channelId + ':' + userId);
        Change user = changes.get(':' + userId);
        return channel != null && channel.tick > ticket || user != null && user.tick > ticket;
    }

    public void forgetExpired() {
        long now = System.currentTimeMillis();
        cache.values().removeIf(c -> c.expiresAtMs <= now);
        long[] forgotten = {0};
        changes.values().removeIf(c -> {
            boolean old = c.atMs <= now - CHANGE_MEMORY_MS;
            if (old) {
                forgotten[0] = Math.max(forgotten[0], c.tick);
            }
            return old;
        });
        if (forgotten[0] > forgottenBelow) {
            forgottenBelow = forgotten[0];
        }
    }

    private record Cached(ChannelAccess access, long expiresAtMs) {
    }

    private record Change(long tick, long atMs) {
    }
}
