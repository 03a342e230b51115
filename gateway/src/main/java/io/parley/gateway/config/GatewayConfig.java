package io.parley.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/**
 * Every tunable of the gateway under {@code parley.gateway.*}; the defaults and their reasons live in
 * application.properties. The instance id ({@code parley.instance-id}) and the topics ({@code parley.kafka.*}) are the
 * service kit's ({@code InstanceIdentity}, {@code KafkaSettings}); token verification is {@link TokenVerification}.
 */
@ConfigMapping(prefix = "parley.gateway")
public interface GatewayConfig {

    /** How often this instance announces itself on session.events (instance.heartbeat). */
    Duration heartbeatInterval();

    Ws ws();

    Limits limits();

    Outbound outbound();

    Services services();

    Replay replay();

    FanOut fanout();

    Shutdown shutdown();

    RevokedSessions revokedSessions();

    WarmUp warmUp();

    /** How long a routed command waits for its reply on gateway.replies before answering UNAVAILABLE. */
    Duration commandTimeout();

    /** At most one typing broadcast per user and channel in this interval. */
    Duration typingInterval();

    /** How long a membership answer of chat-service is reused. */
    Duration accessCacheTtl();

    interface Ws {
        int heartbeatMs();

        int maxFrameBytes();

        Duration sweepInterval();
    }

    interface Limits {
        double commandRate();

        int commandBurst();

        /** The same budget for a bot (docs/bots.md): its own rate, tokens per second. */
        double botCommandRate();

        /** The bot budget's bucket size. */
        int botCommandBurst();

        int abuseRejections();

        Duration abuseWindow();

        int socketsPerUser();

        int socketsPerIp();

        double handshakesPerIpPerSecond();

        int handshakeBurstPerIp();

        int subscriptionsPerSocket();

        int presenceWatchMax();

        /** {@code POST /api/auth/register} per client IP: the steady rate, per minute. */
        double registerPerIpPerMinute();

        /** {@code POST /api/auth/register} per client IP: the bucket size. */
        int registerBurstPerIp();
    }

    interface Outbound {
        int maxBufferedBytes();

        Duration slowClientGrace();
    }

    interface Services {
        String auth();

        String chat();

        String session();

        String media();

        Duration connectTimeout();

        Duration idleTimeout();
    }

    interface FanOut {
        int maxPollRecords();
    }

    interface Shutdown {
        /** How long shutdown waits for the sockets it closed with 1001 to go before it carries on. */
        @WithDefault("5s")
        Duration drain();
    }

    /** Refresh-token families of revoked sessions, whose access tokens are refused until they expire. */
    interface RevokedSessions {
        /** How long a revoked family is remembered: at least the longest access-token lifetime. */
        @WithDefault("15M")
        Duration keep();

        /** Bound on the families remembered (the one nearest its end goes first). */
        @WithDefault("100000")
        int maxEntries();
    }

    interface Replay {
        int maxEvents();

        int maxHeld();

        @WithDefault("3")
        int fetchAttempts();
    }

    /**
     * The start-up warm-up ({@code StartupWarmUp}): the gateway's token, socket and frame code run on its own loopback
     * sockets before it reports ready (docs/operations.md, "Start-up warm-up").
     */
    interface WarmUp {
        boolean enabled();

        /** Tokens verified (signed by a key made for the warm-up and dropped after). */
        @Min(0)
        @Max(100_000)
        int tokens();

        /** Loopback sockets open at once. */
        @Min(1)
        @Max(1_000)
        int sockets();

        /** Loopback sockets opened and closed in all. */
        @Min(0)
        @Max(100_000)
        int handshakes();

        /** Fan-out rounds: an event to every open loopback socket, a ping back and its pong. */
        @Min(0)
        @Max(100_000)
        int rounds();

        /** Readiness waits this long at most: a warm-up still running then stops, and the instance is ready. */
        Duration timeout();
    }
}
