package io.parley.gateway.service;

import io.parley.gateway.client.ChannelAccess;
import io.parley.gateway.client.ChatInternalClient;
import io.parley.gateway.config.GatewayConfig;
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
                throw new GatewayException(ErrorCode.FORBIDDEN, "join the channel first");
            }
            throw new GatewayException(ErrorCode.NOT_FOUND, "no such channel");
        });
    }

    private Uni<ChannelAccess> access(String channelId, String userId) {
        String key = channelId + ':' + userId;
        Cached hit = cache.get(key);
        long now = System.currentTimeMillis();
        if (hit != null && hit.expiresAtMs > now) {
            return Uni.createFrom().item(hit.access);
        }
        return chat.access(channelId, userId)
                .onFailure().transform(e -> GatewayException.unavailable("chat-service unavailable"))
                .invoke(access -> cache.put(key, new Cached(access, now + ttlMs)));
    }

    public void invalidate(String channelId, String userId) {
        cache.remove(channelId + ':' + userId);
    }

    public void invalidateUser(String userId) {
        String suffix = ':' + userId;
        cache.keySet().removeIf(k -> k.endsWith(suffix));
    }

    public void forgetExpired() {
        long now = System.currentTimeMillis();
        cache.values().removeIf(c -> c.expiresAtMs <= now);
    }

    private record Cached(ChannelAccess access, long expiresAtMs) {
    }
}
