package io.parley.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.data.Reply;
import io.parley.gateway.config.GatewayConfig;
import io.parley.gateway.error.ReplyException;
import io.parley.kit.error.InvalidException;
import io.parley.kit.error.UnavailableException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Frames routed to another service, waiting for their answer on gateway.replies; each completes exactly once: with the
 * reply, or UNAVAILABLE when none comes in time.
 */
@ApplicationScoped
public class PendingReplies {

    private final ConcurrentHashMap<String, UniEmitter<? super JsonNode>> pending = new ConcurrentHashMap<>();
    private final Duration timeout;

    public PendingReplies(GatewayConfig config) {
        this.timeout = config.commandTimeout();
    }

    /** Registers the frame, then runs {@code publish}; the result is the reply's {@code ok} data. */
    public Uni<JsonNode> await(String connectionId, String frameId, Supplier<Uni<Void>> publish) {
        String key = key(connectionId, frameId);
        return Uni.createFrom().<JsonNode>emitter(emitter -> {
            if (pending.putIfAbsent(key, emitter) != null) {
                emitter.fail(new InvalidException("a frame with this id is still in flight"));
                return;
            }
            emitter.onTermination(() -> pending.remove(key, emitter));
            publish.get().subscribe().with(sent -> {
            }, emitter::fail);
        }).ifNoItem().after(timeout).failWith(NoAnswerInTime::new);
    }

    /** Whether {@code failure} is a frame's timeout: no reply came within {@code command-timeout}. */
    public static boolean isTimeout(Throwable failure) {
        return failure instanceof NoAnswerInTime;
    }

    /** UNAVAILABLE "no answer in time, retry", told apart from other UNAVAILABLE answers by {@link #isTimeout}. */
    static final class NoAnswerInTime extends UnavailableException {
        NoAnswerInTime() {
            super("no answer in time, retry");
        }
    }

    /** Completes a waiting frame from a reply record; replies for frames no longer waiting are ignored. */
    public void complete(Reply reply) {
        UniEmitter<? super JsonNode> emitter = pending.remove(key(reply.connectionId(), reply.frameId()));
        if (emitter == null) {
            return;
        }
        if (reply.failed()) {
            String message = reply.error().message();
            emitter.fail(ReplyException.of(reply.error().code(), message == null ? "request failed" : message));
        } else {
            JsonNode ok = reply.ok();
            emitter.complete(ok == null || ok.isMissingNode() || ok.isNull() ? null : ok);
        }
    }

    private static String key(String connectionId, String frameId) {
        return connectionId + '\n' + frameId;
    }
}
