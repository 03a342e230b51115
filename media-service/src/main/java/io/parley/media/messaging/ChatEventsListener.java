package io.parley.media.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.media.repository.AccessProjectionRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Projects {@code chat.events} into the attachment access list: membership from {@code member.joined} /
 * {@code member.left}, attachments from {@code message.created}, revoked by {@code message.deleted}. A record that is
 * not a well-formed channel event is logged and skipped; a database failure is retried here, so the channel never
 * fails and the offset only moves on once the change is committed.
 */
@ApplicationScoped
public class ChatEventsListener {

    private static final Logger LOG = Logger.getLogger(ChatEventsListener.class);

    private final AccessProjectionRepository projection;
    private final MeterRegistry registry;

    public ChatEventsListener(AccessProjectionRepository projection, MeterRegistry registry) {
        this.projection = projection;
        this.registry = registry;
    }

    @Incoming("chat-events")
    public Uni<Void> onEvent(String value) {
        ChannelEvent event;
        try {
            event = ChannelEvent.parse(EnvelopeJson.read(value));
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipped a chat.events record: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> apply(event))
                .onFailure().invoke(e -> LOG.warnf("projecting %s of channel %s failed, retrying: %s",
                        event.type(), event.channelId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(applied -> registry.counter("parley_media_acl_events",
                        "type", event.type(), "applied", Boolean.toString(applied)).increment())
                .replaceWithVoid();
    }

    private Uni<Boolean> apply(ChannelEvent event) {
        JsonNode d = event.data();
        return switch (event.type()) {
            case "member.joined" -> projection.memberJoined(event.channelId(), event.seq(), uuid(d, "userId"));
            case "member.left" -> projection.memberLeft(event.channelId(), event.seq(), uuid(d, "userId"));
            case "message.created" -> {
                JsonNode message = d.path("message");
                List<UUID> files = attachmentIds(message.path("attachments"));
                yield files.isEmpty()
                        ? projection.advance(event.channelId(), event.seq())
                        : projection.filesAttached(event.channelId(), event.seq(), uuid(message, "id"), files);
            }
            case "message.deleted" -> projection.messageDeleted(event.channelId(), event.seq(), uuid(d, "messageId"));
            default -> projection.advance(event.channelId(), event.seq());
        };
    }

    // attachments are {id, name, size, contentType} objects; a bare id string is accepted too
    private static List<UUID> attachmentIds(JsonNode attachments) {
        List<UUID> ids = new ArrayList<>();
        for (JsonNode attachment : attachments) {
            String id = attachment.isTextual() ? attachment.asText() : attachment.path("id").asText(null);
            try {
                ids.add(UUID.fromString(id));
            } catch (IllegalArgumentException | NullPointerException e) {
                LOG.warnf("ignored an attachment without a valid id: %s", attachment);
            }
        }
        return ids;
    }

    private static UUID uuid(JsonNode node, String field) {
        return UUID.fromString(node.path(field).asText());
    }

    /** The fields every channel event carries. */
    record ChannelEvent(String type, UUID channelId, long seq, JsonNode data) {

        static ChannelEvent parse(Envelope envelope) {
            JsonNode d = envelope.data();
            if (d == null || !d.path("channelId").isTextual() || !d.path("seq").canConvertToLong()
                    || d.path("seq").asLong() < 1) {
                throw new IllegalArgumentException(envelope.type() + " without channelId and seq");
            }
            validate(envelope.type(), d);
            return new ChannelEvent(envelope.type(), UUID.fromString(d.path("channelId").asText()),
                    d.path("seq").asLong(), d);
        }

        // a projection must not half-apply: check the ids a type needs before touching the database
        private static void validate(String type, JsonNode d) {
            switch (type) {
                case "member.joined", "member.left" -> UUID.fromString(d.path("userId").asText());
                case "message.deleted" -> UUID.fromString(d.path("messageId").asText());
                case "message.created" -> {
                    if (d.path("message").path("attachments").size() > 0) {
                        UUID.fromString(d.path("message").path("id").asText());
                    }
                }
                default -> {
                }
            }
        }
    }
}
