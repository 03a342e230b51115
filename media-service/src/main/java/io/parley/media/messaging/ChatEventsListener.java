package io.parley.media.messaging;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.EventTypes.ChatEvents;
import io.parley.events.data.Attachment;
import io.parley.events.data.MemberEvent;
import io.parley.events.data.MessageDeleted;
import io.parley.events.data.MessageEvent;
import io.parley.media.repository.AccessProjectionRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Projects {@code chat.events} into the attachment access list: membership from {@code member.joined} /
 * {@code member.left}, attachments from {@code message.created}, revoked by {@code message.deleted}. A record that is
 * not a well-formed channel event is logged and skipped; a database failure is retried here, so the channel never
 * fails and the offset only moves on once the change is committed.
 */
@ApplicationScoped
public class ChatEventsListener {

    private static final Logger LOG = Logger.getLogger(ChatEventsListener.class);

    /** The types the access list is made of; every other chat event is passed over unread. */
    static final Set<String> PROJECTED = Set.of(ChatEvents.MEMBER_JOINED, ChatEvents.MEMBER_LEFT,
            ChatEvents.MESSAGE_CREATED, ChatEvents.MESSAGE_DELETED);
    private static final JsonFactory JSON = EnvelopeJson.mapper().getFactory();

    private final AccessProjectionRepository projection;
    private final MeterRegistry registry;
    private final Counter skipped;
    private final Counter createdWithoutFiles;

    public ChatEventsListener(AccessProjectionRepository projection, MeterRegistry registry) {
        this.projection = projection;
        this.registry = registry;
        this.skipped = registry.counter("parley_media_chat_events_skipped");
        this.createdWithoutFiles = registry.counter("parley_media_acl_events",
                "type", ChatEvents.MESSAGE_CREATED, "applied", "false");
    }

    /**
     * Whether a {@code message.created} record may carry files: some field named {@code attachments} (at any depth)
     * holds anything but an empty array or null. Read with the streaming parser, nothing built; only such a record
     * (or one that is not well-formed JSON, whose full read then says what is wrong with it) is read in full, so the
     * messages without files, nearly all of them, cost no tree, no data record and no database round trip.
     */
    static boolean mayCarryFiles(String value) {
        try (JsonParser parser = JSON.createParser(value)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME && "attachments".equals(parser.currentName())) {
                    JsonToken first = parser.nextToken();
                    if (first == JsonToken.START_ARRAY) {
                        if (parser.nextToken() != JsonToken.END_ARRAY) {
                            return true;
                        }
                    } else if (first != JsonToken.VALUE_NULL) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * One poll's records at a time (one pipeline step per poll, not per record): each is read into its change, or
     * passed over, and the changes are applied one after the other in offset order; the poll's offsets are committed
     * once all of them are.
     */
    @Incoming("chat-events")
    public Uni<Void> onEvents(List<String> values) {
        List<Change> changes = new ArrayList<>();
        for (String value : values) {
            Change change = changeOf(value);
            if (change != null) {
                changes.add(change);
            }
        }
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(changes)
                .onItem().transformToUniAndConcatenate(this::apply)
                .collect().last()
                .replaceWithVoid();
    }

    /** The change one record makes, or null when it makes none (a type or a message passed over, a bad record). */
    private Change changeOf(String value) {
        String type = EnvelopeJson.peekType(value);
        if (type != null && !PROJECTED.contains(type)) {
            // most of chat.events (reactions, edits, reads, ...): not built, no database round trip
            skipped.increment();
            return null;
        }
        if (ChatEvents.MESSAGE_CREATED.equals(type) && !mayCarryFiles(value)) {
            // a message without files changes nothing here (as in Change.of, without building it)
            createdWithoutFiles.increment();
            return null;
        }
        try {
            return Change.of(EnvelopeJson.read(value));
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipped a chat.events record: %s", e.getMessage());
            return null;
        }
    }

    /** Applies one change, retrying a database failure until it is committed. */
    private Uni<Void> apply(Change change) {
        return Uni.createFrom().deferred(() -> change.apply().apply(projection))
                .onFailure().invoke(e -> LOG.warnf("projecting %s of channel %s failed, retrying: %s",
                        change.type(), change.channelId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(applied -> registry.counter("parley_media_acl_events",
                        "type", change.type(), "applied", Boolean.toString(applied)).increment())
                .replaceWithVoid();
    }

    /**
     * One channel event as the projection change it makes, read into its data record before the database is touched
     * (a projection must not half-apply); types the projection does not need only move the channel's seq.
     */
    record Change(String type, UUID channelId, long seq, Function<AccessProjectionRepository, Uni<Boolean>> apply) {

        Change {
            if (seq < 1) {
                throw new IllegalArgumentException(type + " without a positive seq");
            }
        }

        static Change of(Envelope envelope) {
            String type = envelope.type();
            return switch (type) {
                case ChatEvents.MEMBER_JOINED -> {
                    MemberEvent joined = envelope.dataAs(MemberEvent.class);
                    yield new Change(type, joined.channelId(), joined.seq(),
                            p -> p.memberJoined(joined.channelId(), joined.seq(), joined.userId()));
                }
                case ChatEvents.MEMBER_LEFT -> {
                    MemberEvent left = envelope.dataAs(MemberEvent.class);
                    yield new Change(type, left.channelId(), left.seq(),
                            p -> p.memberLeft(left.channelId(), left.seq(), left.userId()));
                }
                case ChatEvents.MESSAGE_CREATED -> {
                    MessageEvent created = envelope.dataAs(MessageEvent.class);
                    List<UUID> files = attachmentIds(created.message().attachments());
                    // a message without files changes nothing here: no database round trip (a replayed old event is
                    // still refused by the seq of the last change that was made)
                    yield new Change(type, created.channelId(), created.seq(), files.isEmpty()
                            ? p -> Uni.createFrom().item(false)
                            : p -> p.filesAttached(created.channelId(), created.seq(), created.message().id(), files));
                }
                case ChatEvents.MESSAGE_DELETED -> {
                    MessageDeleted deleted = envelope.dataAs(MessageDeleted.class);
                    yield new Change(type, deleted.channelId(), deleted.seq(),
                            p -> p.messageDeleted(deleted.channelId(), deleted.seq(), deleted.messageId()));
                }
                default -> {
                    // only reached when the cheap read of the type failed and the full one did not
                    Position position = envelope.dataAs(Position.class);
                    yield new Change(type, position.channelId(), position.seq(), p -> Uni.createFrom().item(false));
                }
            };
        }

        private static List<UUID> attachmentIds(List<Attachment> attachments) {
            List<UUID> ids = new ArrayList<>();
            if (attachments != null) {
                for (Attachment attachment : attachments) {
                    if (attachment != null && attachment.id() != null) {
                        ids.add(attachment.id());
                    } else {
                        LOG.warnf("ignored an attachment without an id: %s", attachment);
                    }
                }
            }
            return ids;
        }
    }

    /** What every channel event's data carries, for the types whose rest the projection does not read. */
    record Position(@JsonProperty(required = true) UUID channelId, @JsonProperty(required = true) long seq) {
    }
}
