package io.parley.chat.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.service.TransientFailures;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.EventTypes.ChatEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code chat.events} under a consumer group of its own (never on the command path) and turns each event into
 * delivery rows for the subscriptions that want it, whose bot was a member of the channel at that seq. The rows are
 * written (idempotently) before the offset is committed, so no event is lost and a redelivered one adds nothing.
 */
@ApplicationScoped
class ChatEventsIntake {

    private static final Logger LOG = Logger.getLogger(ChatEventsIntake.class);
    /** As {@code MentionNotifier}: usernames are 3–32 of [A-Za-z0-9_.-]; a trailing dot is punctuation. */
    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_.-])@([A-Za-z0-9_.-]{3,32})");

    private final Pool pool;
    private final SubscriptionIndex index;
    private final DeliveryRepository deliveries;
    private final DeliveryDispatcher dispatcher;

    ChatEventsIntake(Pool pool, SubscriptionIndex index, DeliveryRepository deliveries,
            DeliveryDispatcher dispatcher) {
        this.pool = pool;
        this.index = index;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
    }

    /**
     * One poll's records at a time: their deliveries go to the table in one statement (with the membership check in
     * it), so the cost on PostgreSQL is per poll, not per event. Records come in offset order, so a lane's rows of
     * one poll are written together and before those of the next.
     */
    @Incoming("subscription-events")
    Uni<Void> onEvents(List<String> values) {
        return index.current()
                .chain(active -> {
                    if (active.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    List<Candidate> candidates = new ArrayList<>();
                    values.forEach(value -> candidates(value, active, candidates));
                    return candidates.isEmpty() ? Uni.createFrom().item(0) : deliveries.insertIfMember(pool, candidates);
                })
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "deliveries of %d chat.events records not recorded", values.size());
                    return 0;
                })
                .invoke(added -> {
                    if (added > 0) {
                        dispatcher.wake();
                    }
                })
                .replaceWithVoid();
    }

    /** Adds the deliveries one chat.events record gives, before the membership check. */
    private static void candidates(String value, List<ActiveSubscription> active, List<Candidate> out) {
        Envelope envelope;
        try {
            envelope = EnvelopeJson.read(value);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipped a chat.events record: %s", e.getMessage());
            return;
        }
        if (!SubscriptionEvents.KNOWN.contains(envelope.type()) || envelope.data() == null) {
            return;
        }
        JsonNode data = envelope.data();
        long seq = data.path("seq").asLong(0);
        UUID channelId;
        try {
            channelId = UUID.fromString(data.path("channelId").asText());
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipped a %s without a channel id", envelope.type());
            return;
        }
        if (seq < 1) {
            return;
        }
        for (Match match : matches(active, envelope, channelId)) {
            UUID id = UUID.randomUUID();
            out.add(new Candidate(id, match.subscription().id(), match.subscription().botId(), channelId, seq,
                    match.ordinal(), match.event(), body(id, match, envelope, channelId, seq)));
        }
    }

    /** The (subscription, ordinal, event name) triples this event gives, before the membership check. */
    static List<Match> matches(List<ActiveSubscription> active, Envelope envelope, UUID channelId) {
        String type = envelope.type();
        JsonNode data = envelope.data();
        UUID actor = actor(type, data);
        List<Match> matches = new ArrayList<>();
        for (ActiveSubscription subscription : active) {
            if (envelope.time() != null && envelope.time().isBefore(subscription.createdAt())) {
                continue;
            }
            // what the bot did itself is not sent back to it (a bot answering every message would feed itself)
            if (subscription.botId().equals(actor)) {
                continue;
            }
            if (subscription.wants(type, channelId)) {
                matches.add(new Match(subscription, 0, type));
            }
            if (ChatEvents.MESSAGE_CREATED.equals(type) && subscription.wants(SubscriptionEvents.MENTION, channelId)
                    && mentions(data.path("message").path("text").asText(""), subscription.botUsername())) {
                matches.add(new Match(subscription, 1, SubscriptionEvents.MENTION));
            }
        }
        return matches;
    }

    /** The POSTed JSON, fixed once: every attempt sends (and signs) the same bytes. */
    private static String body(UUID id, Match match, Envelope envelope, UUID channelId, long seq) {
        ObjectNode body = Json.object();
        body.put("id", id.toString());
        body.put("event", match.event());
        body.put("subscriptionId", match.subscription().id().toString());
        body.put("botId", match.subscription().botId().toString());
        body.put("channelId", channelId.toString());
        body.put("seq", seq);
        body.put("time", envelope.time() == null ? null : envelope.time().toString());
        body.set("data", envelope.data());
        return Json.write(body);
    }

    /** Who caused a message or reaction event (null for member events, which the bot always gets). */
    private static UUID actor(String type, JsonNode data) {
        String id = switch (type) {
            case ChatEvents.MESSAGE_CREATED, ChatEvents.MESSAGE_UPDATED -> data.path("message").path("senderId").asText(null);
            case ChatEvents.MESSAGE_DELETED -> data.path("deletedBy").asText(null);
            case ChatEvents.REACTION_ADDED, ChatEvents.REACTION_REMOVED -> data.path("userId").asText(null);
            default -> null;
        };
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean mentions(String text, String username) {
        if (username == null) {
            return false;
        }
        String wanted = username.toLowerCase(Locale.ROOT);
        Matcher matcher = MENTION.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).replaceAll("\\.+$", "").toLowerCase(Locale.ROOT).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** One delivery to make: ordinal 0 is the event itself, 1 the mention a message.created carries. */
    record Match(ActiveSubscription subscription, int ordinal, String event) {
    }

    /** A delivery row to write if the bot was a member of the channel at that seq. */
    record Candidate(UUID id, UUID subscriptionId, UUID botId, UUID channelId, long seq, int ordinal, String event,
            String body) {
    }
}
