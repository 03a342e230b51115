package io.parley.chat.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.repository.ChannelEventRepository.StoredEvent;
import io.parley.chat.repository.UserEventOutbox.PendingUserEvent;
import io.parley.events.Envelope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Publishes outbox rows: channel events to {@code chat.events}, user events to {@code user.events}. */
@ApplicationScoped
public class EventPublisher {

    private final Emitter<String> chatEvents;
    private final Emitter<String> userEvents;
    private final String source;

    public EventPublisher(@Channel("chat-events") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<String> chatEvents,
            @Channel("user-events") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<String> userEvents,
            ServiceIdentity identity) {
        this.chatEvents = chatEvents;
        this.userEvents = userEvents;
        this.source = identity.source();
    }

    /** Completes when the broker has every event; the events of a channel are sent in the given (seq) order. */
    public Uni<Void> publishChannelEvents(List<StoredEvent> events) {
        CompletableFuture<?>[] acks = events.stream().map(e -> EnvelopeSender.send(chatEvents,
                new Envelope(eventId(e), e.type(), source, e.createdAt(), e.channelId().toString(), e.payload())))
                .toArray(CompletableFuture[]::new);
        return Uni.createFrom().completionStage(CompletableFuture.allOf(acks));
    }

    public Uni<Void> publishUserEvents(List<PendingUserEvent> events) {
        CompletableFuture<?>[] acks = events.stream().map(e -> {
            ObjectNode data = Json.object();
            data.put("userId", e.userId().toString());
            data.set("d", e.d());
            return EnvelopeSender.send(userEvents, new Envelope(UUID.randomUUID().toString(), e.type(), source,
                    Instant.now(), e.userId().toString(), data));
        }).toArray(CompletableFuture[]::new);
        return Uni.createFrom().completionStage(CompletableFuture.allOf(acks));
    }

    /** The same id for every publication of one (channel, seq), so a republished event is recognisably the same. */
    private static String eventId(StoredEvent e) {
        return UUID.nameUUIDFromBytes((e.channelId() + ":" + e.seq()).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
