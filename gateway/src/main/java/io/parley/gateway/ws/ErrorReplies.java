package io.parley.gateway.ws;

import io.parley.gateway.config.GatewayConfig;
import io.parley.gateway.error.CommandRateLimitedException;
import io.parley.gateway.error.FrameException;
import io.parley.gateway.service.GatewayMetrics;
import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.FrameEncoder;
import io.parley.kit.error.ApiException;
import io.parley.kit.error.ErrorCode;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The one place where a failure becomes an {@code error} frame: the socket's codes (PROTOCOL §3) pass through,
 * anything else is INTERNAL with a fixed message (the detail goes to the log, never to the client). Repeated
 * RATE_LIMITED answers close the socket 4029.
 */
@Singleton
public class ErrorReplies {

    private static final Logger LOG = Logger.getLogger(ErrorReplies.class);
    static final int CLOSE_RATE_ABUSE = 4029;

    private final GatewayMetrics metrics;
    private final long abuseWindowMs;
    private final int abuseThreshold;

    public ErrorReplies(GatewayMetrics metrics, GatewayConfig config) {
        this.metrics = metrics;
        this.abuseWindowMs = config.limits().abuseWindow().toMillis();
        this.abuseThreshold = config.limits().abuseRejections();
    }

    public void send(ClientSocket socket, String frameId, Throwable failure) {
        String code;
        String message;
        Long retryAfterMs = null;
        if (failure instanceof FrameException frame) {
            code = frame.code().name();
            message = frame.getMessage();
        } else if (failure instanceof ApiException api) {
            code = onSocket(api.errorCode()).name();
            message = api.getMessage();
            if (api instanceof CommandRateLimitedException limited) {
                retryAfterMs = limited.retryAfterMs();
            }
        } else {
            LOG.errorf(failure, "unexpected failure handling a frame of connection %s", socket.id());
            code = ErrorCode.INTERNAL.name();
            message = "internal error";
        }
        metrics.error(code);
        metrics.framesOut("error", 1);
        socket.send(FrameEncoder.error(frameId, code, message, retryAfterMs));
        if (ErrorCode.RATE_LIMITED.name().equals(code)
                && socket.countRejection(System.currentTimeMillis(), abuseWindowMs, abuseThreshold)) {
            socket.close(CLOSE_RATE_ABUSE, "rate limit abused");
        }
    }

    /**
     * The socket has the contract's codes but three: UNAUTHENTICATED is no WebSocket code (over the socket a bad
     * token is invalid input), and TOO_LARGE and UNSUPPORTED_MEDIA_TYPE belong to REST bodies and uploads.
     */
    private static ErrorCode onSocket(ErrorCode code) {
        return switch (code) {
            case UNAUTHENTICATED -> ErrorCode.INVALID;
            case TOO_LARGE, UNSUPPORTED_MEDIA_TYPE -> ErrorCode.INTERNAL;
            default -> code;
        };
    }
}
