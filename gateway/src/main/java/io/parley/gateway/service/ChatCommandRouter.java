package io.parley.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.gateway.messaging.ChatCommandPublisher;
import io.parley.gateway.socket.ClientSocket;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Sends a validated chat command to chat.commands and waits for its reply on gateway.replies. */
@Singleton
public class ChatCommandRouter {

    private final ChatCommandPublisher publisher;
    private final PendingReplies replies;
    private final CommandRateLimiter rateLimiter;
    private final CommandTimings timings;

    public ChatCommandRouter(ChatCommandPublisher publisher, PendingReplies replies, CommandRateLimiter rateLimiter,
            CommandTimings timings) {
        this.publisher = publisher;
        this.replies = replies;
        this.rateLimiter = rateLimiter;
        this.timings = timings;
    }

    /**
     * @return the reply's {@code ok} data (null when it has none)
     * @throws io.parley.gateway.error.CommandRateLimitedException when {@code rateLimited} and the user's bucket is
     *         empty
     */
    public Uni<JsonNode> route(String op, boolean rateLimited, ClientSocket socket, String frameId, String channelId,
            JsonNode d) {
        if (rateLimited) {
            rateLimiter.take(socket.userId());
        }
        long start = timings.start();
        return replies.await(socket.id(), frameId, () -> publisher.publish(op, channelId, socket, frameId, d))
                .onItemOrFailure().invoke((ok, failure) -> timings.stop(op, start, failure));
    }
}
