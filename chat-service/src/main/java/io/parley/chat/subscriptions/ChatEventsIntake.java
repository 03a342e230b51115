package io.parley.chat.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.service.TransientFailures;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.EventTypes.ChatEvents;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private final SubscriptionRepository subscriptions;
    private final DeliveryRepository deliveries;
    private final DeliveryDispatcher dispatcher;

    ChatEventsIntake(Pool pool, SubscriptionIndex index, SubscriptionRepository subscriptions,
            DeliveryRepository deliveries, DeliveryDispatcher dispatcher) {
        this.pool = pool;
        this.index = index;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
    }

    @Incoming("subscription-events")
    Uni<Void> onEvent(String value) {
        Envelope envelope;
        try {
            envelope = EnvelopeJson.read(value);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipped a chat.events record: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (!SubscriptionEvents.KNOWN.contains(envelope.type()) || envelope.data() == null) {
            return Uni.createFrom().voidItem();
        }
        JsonNode data = envelope.data();
        UUID channelId;
        long seq = data.path("seq").asLong(0);
        try {
            channelId = UUID.fromString(data.path("channelId").asText());
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipped a %s without a channel id", envelope.type());
            return Uni.createFrom().voidItem();
        }
        if (seq < 1) {
            return Uni.createFrom().voidItem();
        }
        return index.current()
                .chain(active -> record(envelope, channelId, seq, matches(active, envelope, channelId)))
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "deliveries of %s seq %d of channel %s not recorded", envelope.type(), seq, channelId);
                    return null;
                });
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

    private Uni<Void> record(Envelope envelope, UUID channelId, long seq, List<Match> matches) {
        if (matches.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<UUID, List<Match>> byBot = new LinkedHashMap<>();
        matches.forEach(m -> byBot.computeIfAbsent(m.subscription().botId(), b -> new ArrayList<>()).add(m));
        return Multi.createFrom().iterable(byBot.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> subscriptions
                        .botMemberAt(pool, channelId, entry.getKey(), seq)
                        .chain(member -> member ? insert(envelope, channelId, seq, entry.getValue())
                                : Uni.createFrom().item(0)))
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue))
                .invoke(added -> {
                    if (added > 0) {
                        dispatcher.wake();
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Integer> insert(Envelope envelope, UUID channelId, long seq, List<Match> matches) {
        return Multi.createFrom().iterable(matches)
                .onItem().transformToUniAndConcatenate(match -> {
                    UUID id = UUID.randomUUID();
                    return deliveries.insert(pool, id, match.subscription().id(), channelId, seq, match.ordinal(),
                            match.event(), body(id, match, envelope, channelId, seq));
                })
                .collect().asList().map(added -> (int) added.stream().filter(Boolean::booleanValue).count());
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
}
