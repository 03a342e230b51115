package io.parley.gateway.ws;

import io.parley.gateway.config.GatewayConfig;
import io.parley.gateway.service.ChannelAccessCache;
import io.parley.gateway.service.CommandRateLimiter;
import io.parley.gateway.service.ConnectionLimits;
import io.parley.gateway.service.SocketRegistry;
import io.parley.gateway.service.TypingThrottle;
import io.parley.gateway.socket.ClientSocket;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Periodic pass over the sockets: heartbeat timeout (4008), token expiry (4001), outbound queue stuck over its bound
 * (1008); and forgetting idle limiter and cache entries. One pass is O(sockets) and allocation-light.
 */
@Singleton
public class SocketSweep {

    private static final Logger LOG = Logger.getLogger(SocketSweep.class);

    static final int CLOSE_HEARTBEAT_TIMEOUT = 4008;
    static final int CLOSE_SLOW_CONSUMER = 1008;

    private final SocketRegistry registry;
    private final ConnectionLimits limits;
    private final CommandRateLimiter rateLimiter;
    private final TypingThrottle typing;
    private final ChannelAccessCache accessCache;
    private final long heartbeatTimeoutMs;
    private final long slowGraceMs;

    public SocketSweep(SocketRegistry registry, ConnectionLimits limits, CommandRateLimiter rateLimiter,
            TypingThrottle typing, ChannelAccessCache accessCache, GatewayConfig config) {
        this.registry = registry;
        this.limits = limits;
        this.rateLimiter = rateLimiter;
        this.typing = typing;
        this.accessCache = accessCache;
        this.heartbeatTimeoutMs = 2L * config.ws().heartbeatMs();
        this.slowGraceMs = config.outbound().slowClientGrace().toMillis();
    }

    @Scheduled(every = "${parley.gateway.ws.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        long now = System.currentTimeMillis();
        for (ClientSocket socket : registry.all()) {
            try {
                check(socket, now);
            } catch (RuntimeException e) {
                // one socket in a strange state must not stop the pass for all the others
                LOG.debugf("sweep skipped socket %s: %s", socket.id(), e.toString());
            }
        }
        limits.forgetIdle();
        rateLimiter.forgetIdle();
        typing.forgetExpired();
        accessCache.forgetExpired();
    }

    private void check(ClientSocket socket, long now) {
        if (now - socket.lastSeenMs() > heartbeatTimeoutMs) {
            socket.close(CLOSE_HEARTBEAT_TIMEOUT, "heartbeat timeout");
        } else if (now >= socket.tokenExpiresAtMs()) {
            socket.close(SocketLifecycle.CLOSE_TOKEN_INVALID, "token expired");
        } else if (socket.isStuck(now, slowGraceMs)) {
            socket.close(CLOSE_SLOW_CONSUMER, "client too slow to read its events");
        }
    }
}
