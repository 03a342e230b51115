package io.parley.gateway.ws;

import io.parley.gateway.config.GatewayConfig;
import io.parley.gateway.error.ErrorCode;
import io.parley.gateway.error.GatewayException;
import io.parley.gateway.service.GatewayMetrics;
import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.FrameEncoder;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The one place where a failure becomes an {@code error} frame: contract codes pass through, anything else is
 * INTERNAL with a fixed message (the detail goes to the log, never to the client). Repeated RATE_LIMITED answers
 * close the socket 4029.
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
        GatewayException error = toContract(failure, socket);
        metrics.error(error.code());
        metrics.framesOut("error", 1);
        socket.send(FrameEncoder.error(frameId, error.code(), error.getMessage(), error.retryAfterMs()));
        if (error.code() == ErrorCode.RATE_LIMITED
                && socket.countRejection(System.currentTimeMillis(), abuseWindowMs, abuseThreshold)) {
            socket.close(CLOSE_RATE_ABUSE, "rate limit abused");
        }
    }

    private static GatewayException toContract(Throwable failure, ClientSocket socket) {
        if (failure instanceof GatewayException ge) {
            if (ge.code() == ErrorCode.UNAUTHENTICATED) {
                // not a WebSocket code: over the socket a bad token is invalid input
                return GatewayException.invalid(ge.getMessage());
            }
            return ge;
        }
        LOG.errorf(failure, "unexpected failure handling a frame of connection %s", socket.id());
        return new GatewayException(ErrorCode.INTERNAL, "internal error");
    }
}
