package io.parley.gateway.ws;

import io.parley.gateway.messaging.ChatCommandPublisher;
import io.parley.gateway.service.CommandRateLimiter;
import io.parley.gateway.service.PendingReplies;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Sends a validated chat command to chat.commands and waits for its reply on gateway.replies. */
@Singleton
public class ChatCommandRouter {

    private final ChatCommandPublisher publisher;
    private final PendingReplies replies;
    private final CommandRateLimiter rateLimiter;

    public ChatCommandRouter(ChatCommandPublisher publisher, PendingReplies replies, CommandRateLimiter rateLimiter) {
        this.publisher = publisher;
        this.replies = replies;
        this.rateLimiter = rateLimiter;
    }

    Uni<Outcome> route(String op, boolean rateLimited, ClientSocket socket, String frameId, String channelId,
            InboundFrame frame) {
        if (rateLimited) {
            rateLimiter.take(socket.userId());
        }
        return replies.await(socket.id(), frameId, () -> publisher.publish(op, channelId, socket, frameId, frame.d()))
                .map(ok -> ok == null ? Outcome.empty() : Outcome.of(ok));
    }
}
