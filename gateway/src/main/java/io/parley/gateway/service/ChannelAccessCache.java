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
 * change is stamped with a tick of a local clock, and each {@link Answer} carries the tick at which it was asked for,
 * so a cached answer that a change overtook is never served, and a caller can see at attach time whether its answer
 * went stale ({@link #overtaken}) and ask again.
 */
@ApplicationScoped
public class ChannelAccessCache {

    /** How long a change is remembered for {@link #changedSince}; far above any access query's timeouts. */
    private static final long CHANGE_MEMORY_MS = 60_000;

    private final ChatInternalClient chat;
    private final long ttlMs;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Uni<Answer>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    /** channelId:userId, or :userId for a change of all the user's channels (a ban), to its latest change */
    private final ConcurrentHashMap<String, Change> changes = new ConcurrentHashMap<>();
    /** answers asked for below this tick may have lost their change to {@link #forgetExpired}: they count as overtaken */
    private volatile long forgottenBelow;

    public ChannelAccessCache(@RestClient ChatInternalClient chat, GatewayConfig config) {
        this.chat = chat;
        this.ttlMs = config.accessCacheTtl().toMillis();
    }

    /** @return the answer for a member; fails NOT_FOUND / FORBIDDEN per the contract, UNAVAILABLE when chat is down */
    public Uni<Answer> requireMember(String channelId, String userId) {
        return access(channelId, userId).map(answer -> {
            if (answer.access().isMember()) {
                return answer;
            }
            if (answer.access().isJoinable()) {
                throw new ForbiddenException("join the channel first");
            }
            throw new NotFoundException("no such channel");
        });
    }

    private Uni<Answer> access(String channelId, String userId) {
        String key = channelId + ':' + userId;
        Cached hit = cache.get(key);
        long now = System.currentTimeMillis();
        if (hit != null && hit.expiresAtMs > now && !overtaken(channelId, userId, hit.answer)) {
            return Uni.createFrom().item(hit.answer);
        }
        // one query per key at a time: a burst of subscribes (a client reconnecting with many channels, many
        // sockets of one user) waits for the same answer instead of queueing hundreds of requests on chat-service
        return Uni.createFrom().deferred(() -> inFlight.computeIfAbsent(key, k -> lookup(k, channelId, userId, now)));
    }

    private Uni<Answer> lookup(String key, String channelId, String userId, long now) {
        @SuppressWarnings("unchecked")
        Uni<Answer>[] self = new Uni[1];
        self[0] = Uni.createFrom().deferred(() -> {
                    long askedAt = clock.get(); // before the request leaves: a later change counts as overtaking it
                    return chat.access(channelId, userId).map(access -> new Answer(access, askedAt));
                })
                .onFailure().transform(e -> new UnavailableException("chat-service unavailable"))
                .onItemOrFailure().invoke((answer, failure) -> {
                    // cached only when no invalidation came while the query was out; one that comes after the put
                    // is caught by the answer's tick on the next hit
                    if (inFlight.remove(key, self[0]) && answer != null) {
                        cache.put(key, new Cached(answer, now + ttlMs));
                    }
                })
                .memoize().indefinitely();
        return self[0];
    }

    /**
     * Drops the answer for the user in the channel, and stamps the change. The caller calls this before it sweeps the
     * user's subscriptions (member.left), so a subscribe that attaches without seeing the stamp is attached before
     * the sweep and swept with the rest. Queries still out are forgotten before the stamp: a query asked after it
     * is answered after the change.
     */
    public void invalidate(String channelId, String userId) {
        String key = channelId + ':' + userId;
        cache.remove(key);
        inFlight.remove(key);
        changes.put(key, new Change(clock.incrementAndGet(), System.currentTimeMillis()));
    }

    public void invalidateUser(String userId) {
        String suffix = ':' + userId;
        cache.keySet().removeIf(k -> k.endsWith(suffix));
        inFlight.keySet().removeIf(k -> k.endsWith(suffix));
        changes.put(suffix, new Change(clock.incrementAndGet(), System.currentTimeMillis()));
    }

    /** True when a change of the user's access to the channel was stamped after {@code answer} was asked for. */
    public boolean overtaken(String channelId, String userId, Answer answer) {
        long askedAt = answer.askedAt();
        if (askedAt < forgottenBelow) {
            return true;
        }
        Change channel = changes.get(channelId + ':' + userId);
        Change user = changes.get(':' + userId);
        return channel != null && channel.tick > askedAt || user != null && user.tick > askedAt;
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

    /** chat-service's answer, and the tick of the clock when it was asked for. */
    public record Answer(ChannelAccess access, long askedAt) {
    }

    private record Cached(Answer answer, long expiresAtMs) {
    }

    private record Change(long tick, long atMs) {
    }
}
