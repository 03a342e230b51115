package io.parley.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.gateway.messaging.SessionEventPublisher;
import io.parley.gateway.socket.ClientSocket;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * Sends a checked call op to session-service (session.events, keyed by user) and waits for its answer on
 * gateway.replies; no answer within {@code parley.gateway.command-timeout} is UNAVAILABLE (docs/calls.md).
 */
@Singleton
public class CallRouter {

    private final SessionEventPublisher publisher;
    private final PendingReplies replies;

    public CallRouter(SessionEventPublisher publisher, PendingReplies replies) {
        this.publisher = publisher;
        this.replies = replies;
    }

    /** @return the answer's {@code ok} data (null when it has none) */
    public Uni<JsonNode> route(String type, ClientSocket socket, String frameId, String channelId, JsonNode signal) {
        return replies.await(socket.id(), frameId,
                () -> publisher.callCommand(type, socket, frameId, channelId, signal));
    }
}
