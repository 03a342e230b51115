package io.parley.gateway.ws;

import io.parley.gateway.error.FrameException;
import io.parley.gateway.handler.FrameHandler;
import io.parley.gateway.service.GatewayMetrics;
import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.FrameEncoder;
import io.parley.gateway.socket.FrameParser;
import io.parley.gateway.socket.InboundFrame;
import io.parley.kit.error.InvalidException;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parses a client frame and hands it to the handler of its op; guarantees exactly one reply per frame with an id. */
@Singleton
public class FrameDispatcher {

    private final Map<String, FrameHandler> handlers = new HashMap<>();
    private final ErrorReplies errors;
    private final GatewayMetrics metrics;

    public FrameDispatcher(@All List<FrameHandler> handlers, ErrorReplies errors, GatewayMetrics metrics) {
        handlers.forEach(h -> this.handlers.put(h.op(), h));
        this.errors = errors;
        this.metrics = metrics;
    }

    public void dispatch(ClientSocket socket, String text) {
        socket.touch(System.currentTimeMillis());
        InboundFrame frame;
        try {
            frame = FrameParser.parse(text);
        } catch (FrameException e) {
            metrics.frameIn("unknown");
            errors.send(socket, null, e);
            return;
        }
        metrics.frameIn(frame.op());
        String id = frame.id();
        if ("ping".equals(frame.op())) {
            if (frame.hasId() && id == null) {
                errors.send(socket, null, invalidId());
            } else {
                metrics.framesOut("pong", 1);
                socket.send(FrameEncoder.pong(id));
            }
            return;
        }
        if (id == null) {
            errors.send(socket, null, invalidId());
            return;
        }
        FrameHandler handler = handlers.get(frame.op());
        if (handler == null) {
            errors.send(socket, id, new FrameException(FrameException.Code.UNKNOWN_OP, "unknown op"));
            return;
        }
        Uni.createFrom().deferred(() -> handler.handle(socket, id, frame)).subscribe().with(
                outcome -> {
                    metrics.framesOut("ok", 1);
                    socket.send(FrameEncoder.ok(id, outcome.ok()));
                    if (outcome.afterOk() != null) {
                        outcome.afterOk().run();
                    }
                },
                failure -> errors.send(socket, id, failure));
    }

    private static InvalidException invalidId() {
        return new InvalidException("id must be a string of 1–" + InboundFrame.MAX_ID_LENGTH + " characters");
    }
}
