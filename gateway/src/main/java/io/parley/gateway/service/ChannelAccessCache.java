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

/**
 * Who may subscribe to (or type in) a channel, asked of chat-service and reused briefly; membership changes
 * (member.left, member.updated) and bans drop the cached answer at once.
 */
@ApplicationScoped
public class ChannelAccessCache {

    private final ChatInternalClient chat;
    private final long ttlMs;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Uni<ChannelAccess>> inFlight = new ConcurrentHashMap<>();

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

    public void invalidate(String channelId, String userId) {
        String key = channelId + ':' + userId;
        cache.remove(key);
        inFlight.remove(key);
    }

    public void invalidateUser(String userId) {
        String suffix = ':' + userId;
        cache.keySet().removeIf(k -> k.endsWith(suffix));
        inFlight.keySet().removeIf(k -> k.endsWith(suffix));
    }

    public void forgetExpired() {
        long now = System.currentTimeMillis();
        cache.values().removeIf(c -> c.expiresAtMs <= now);
    }

    private record Cached(ChannelAccess access, long expiresAtMs) {
    }
}
