package io.parley.session.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.EventTypes;
import io.parley.events.data.ChannelMembership;
import io.parley.events.data.MemberEvent;
import io.parley.events.data.UserEvent;
import io.parley.session.service.CallService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What calls need of chat-service's topics: {@code member.left} on chat.events takes the user out of the channel's
 * call ({@code removed}); {@code channel.joined} / {@code channel.left} on user.events of a channel of type
 * {@code dm} keep the DM members a call there rings. Every other record (every message, reaction, read, ... of
 * chat.events) is skipped unread beyond its type: the type is peeked with the streaming parser before anything is
 * built.
 */
@ApplicationScoped
public class CallMembershipListener {

    private static final Logger LOG = Logger.getLogger(CallMembershipListener.class);

    private final CallService calls;
    private final HandlerRetry retry;

    public CallMembershipListener(CallService calls, HandlerRetry retry) {
        this.calls = calls;
        this.retry = retry;
    }

    /** The types this listener acts on; a record whose peeked type is another is passed over unbuilt. */
    static final Set<String> NEEDED = Set.of(EventTypes.ChatEvents.MEMBER_LEFT,
            EventTypes.UserEvents.CHANNEL_JOINED, EventTypes.UserEvents.CHANNEL_LEFT);

    /**
     * One poll's records at a time (one pipeline step per poll, not per record): the few this listener acts on are
     * handled one after the other in the order they were polled, each retried as {@link HandlerRetry} does.
     */
    @Incoming("call-membership")
    public Uni<Void> onRecords(List<String> values) {
        List<Uni<Void>> works = new ArrayList<>();
        for (String value : values) {
            Uni<Void> work = workOf(value);
            if (work != null) {
                works.add(work);
            }
        }
        if (works.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(works)
                .onItem().transformToUniAndConcatenate(work -> work)
                .collect().last()
                .replaceWithVoid();
    }

    /** The (lazy, retried) work one record asks for, or null when it asks for none. */
    private Uni<Void> workOf(String value) {
        String peeked = EnvelopeJson.peekType(value);
        if (peeked != null && !NEEDED.contains(peeked)) {
            return null;
        }
        Supplier<Uni<Void>> work;
        String type;
        try {
            Envelope envelope = EnvelopeJson.read(value);
            type = envelope.type();
            work = handler(envelope);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping a malformed record for calls: %s", e.getMessage());
            return null;
        }
        if (work == null) {
            return null;
        }
        return retry.persistently(Uni.createFrom().deferred(work::get), LOG, "a " + type + " record for calls");
    }

    private Supplier<Uni<Void>> handler(Envelope envelope) {
        String type = envelope.type();
        if (EventTypes.ChatEvents.MEMBER_LEFT.equals(type)) {
            MemberEvent left = envelope.dataAs(MemberEvent.class);
            return () -> calls.memberLeft(left.channelId(), left.userId());
        }
        boolean joined = EventTypes.UserEvents.CHANNEL_JOINED.equals(type);
        if (joined || EventTypes.UserEvents.CHANNEL_LEFT.equals(type)) {
            UserEvent event = envelope.dataAs(UserEvent.class);
            JsonNode d = event.d();
            if (!"dm".equals(d.path("channel").path("type").asText())) {
                return null;
            }
            UUID channelId = io.parley.events.Envelopes.fromData(d, ChannelMembership.class).channelId();
            UUID userId = event.userId();
            return joined ? () -> calls.dmMemberJoined(channelId, userId) : () -> calls.dmMemberLeft(channelId, userId);
        }
        return null;
    }
}
