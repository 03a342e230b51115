package io.parley.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.netflix.concurrency.limits.Limiter;
import io.parley.gateway.messaging.ChatCommandPublisher;
import io.parley.gateway.socket.ClientSocket;
import io.parley.kit.error.UnavailableException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Sends a validated chat command to chat.commands and waits for its reply on gateway.replies, within this instance's
 * in-flight budget ({@link CommandBudget}): a command beyond it is answered UNAVAILABLE at once, unsent, before the
 * user's rate-limit bucket is touched, so a retry of the same clientMsgId pays the bucket once.
 */
@Singleton
public class ChatCommandRouter {

    private final ChatCommandPublisher publisher;
    private final PendingReplies replies;
    private final CommandRateLimiter rateLimiter;
    private final CommandTimings timings;
    private final CommandBudget budget;

    public ChatCommandRouter(ChatCommandPublisher publisher, PendingReplies replies, CommandRateLimiter rateLimiter,
            CommandTimings timings, CommandBudget budget) {
        this.publisher = publisher;
        this.replies = replies;
        this.rateLimiter = rateLimiter;
        this.timings = timings;
        this.budget = budget;
    }

    /**
     * @return the reply's {@code ok} data (null when it has none); fails with
     *         {@link io.parley.gateway.error.CommandRateLimitedException} when {@code rateLimited} and the user's bucket
     *         is empty, and with {@link UnavailableException} when this instance has its budget of commands in flight
     *         (shed: not sent, no pending reply, no token taken)
     */
    public Uni<JsonNode> route(String op, boolean rateLimited, ClientSocket socket, String frameId, String channelId,
            JsonNode d) {
        // deferred: the place in the budget is taken when the command's Uni is subscribed, and given back when it ends
        return Uni.createFrom().deferred(() -> {
            Optional<Limiter.Listener> place = budget.tryAcquire();
            if (place.isEmpty()) {
                return Uni.createFrom().failure(new UnavailableException("gateway overloaded, retry"));
            }
            Limiter.Listener held = place.get();
            try {
                if (rateLimited) {
                    rateLimiter.take(socket.userId());
                }
            } catch (RuntimeException limited) {
                held.onIgnore();
                return Uni.createFrom().failure(limited);
            }
            long start = timings.start();
            return replies.await(socket.id(), frameId, () -> publisher.publish(op, channelId, socket, frameId, d))
                    // once per command: its reply (a round-trip sample for the budget), its timeout (a drop), a
                    // refusal, or the socket's subscription cancelled
                    .onTermination().invoke((ok, failure, cancelled) -> {
                        if (!cancelled) {
                            timings.stop(op, start, failure);
                        }
                        CommandBudget.settle(held, failure, cancelled);
                    });
        });
    }
}
