package io.parley.chat.subscriptions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.repository.UserRepository;
import io.parley.kit.caller.Caller;
import io.parley.kit.error.InvalidException;
import io.parley.kit.error.NotFoundException;
import io.parley.kit.net.OutboundGuard;
import io.parley.kit.net.OutboundRefusedException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * Subscriptions of a bot, managed by its owner or the bot itself (admins see and manage all); anyone else is told the
 * subscription does not exist.
 */
@ApplicationScoped
class SubscriptionService {

    static final int MAX_CHANNEL_IDS = 100;

    private final Pool pool;
    private final SubscriptionRepository subscriptions;
    private final DeliveryRepository deliveries;
    private final UserRepository users;
    private final SubscriptionIndex index;
    private final DeliveryDispatcher dispatcher;
    private final OutboundGuard guard;
    private final SubscriptionConfig config;

    SubscriptionService(Pool pool, SubscriptionRepository subscriptions, DeliveryRepository deliveries,
            UserRepository users, SubscriptionIndex index, DeliveryDispatcher dispatcher, OutboundGuard guard,
            SubscriptionConfig config) {
        this.pool = pool;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.users = users;
        this.index = index;
        this.dispatcher = dispatcher;
        this.guard = guard;
        this.config = config;
    }

    /** A new subscription and its secret (shown this once). */
    record Created(SubscriptionRow subscription, String secret) {
    }

    Uni<Created> create(Caller caller, SubscriptionRequests.Create request) {
        validate(request);
        return users.bot(pool, request.botId()).chain(bot -> {
            if (bot.isEmpty() || !(caller.userId().equals(bot.get().id()) || caller.userId().equals(bot.get().ownerId()))) {
                throw new InvalidException("botId: not a bot of yours");
            }
            if (bot.get().banned()) {
                throw new InvalidException("botId: the bot is disabled");
            }
            return subscriptions.countForBot(pool, request.botId()).chain(count -> {
                if (count >= config.maxPerBot()) {
                    throw new InvalidException("botId: the bot already has " + config.maxPerBot()
                            + " subscriptions, the most it may have");
                }
                return checkUrl(request.url());
            }).chain(() -> {
                UUID id = UUID.randomUUID();
                String secret = DeliverySignature.newSecret();
                List<String> events = SubscriptionEvents.ALL.stream().filter(request.events()::contains).toList();
                return subscriptions.insert(pool, id, request.botId(), request.url(), events, request.channelIds(),
                                secret, caller.userId())
                        .chain(() -> index.reload())
                        .chain(() -> subscriptions.find(pool, id))
                        .map(row -> new Created(row.orElseThrow(), secret));
            });
        });
    }

    Uni<List<SubscriptionRow>> list(Caller caller, boolean all) {
        if (all && !caller.admin()) {
            throw new io.parley.kit.error.ForbiddenException("all=true is for admins");
        }
        return all ? subscriptions.all(pool) : subscriptions.visibleTo(pool, caller.userId());
    }

    Uni<SubscriptionRow> get(Caller caller, UUID id) {
        return subscriptions.find(pool, id).map(row -> row
                .filter(s -> caller.admin() || caller.userId().equals(s.botId()) || caller.userId().equals(s.ownerId()))
                .orElseThrow(() -> new NotFoundException("no such subscription")));
    }

    Uni<Void> delete(Caller caller, UUID id) {
        return get(caller, id).chain(s -> subscriptions.delete(pool, id)).chain(() -> index.reload()).replaceWithVoid();
    }

    Uni<SubscriptionRow> enable(Caller caller, UUID id) {
        return get(caller, id).chain(s -> checkUrl(s.url()))
                .chain(() -> pool.withTransaction(tx -> subscriptions.enable(tx, id)))
                .chain(() -> index.reload())
                .invoke(dispatcher::wake)
                .chain(() -> get(caller, id));
    }

    Uni<List<ObjectNode>> deliveries(Caller caller, UUID id, int limit) {
        return get(caller, id).chain(s -> deliveries.log(pool, id, limit));
    }

    /** The SSRF check with resolution, off the event loop (the JDK resolver blocks). */
    private Uni<Void> checkUrl(String url) {
        return Uni.createFrom().item(() -> {
                    try {
                        guard.check(url);
                        return null;
                    } catch (OutboundRefusedException e) {
                        throw new InvalidException(e.getMessage());
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).replaceWithVoid();
    }

    static void validate(SubscriptionRequests.Create request) {
        if (request.botId() == null) {
            throw new InvalidException("botId is required");
        }
        try {
            OutboundGuard.parse(request.url());
        } catch (OutboundRefusedException e) {
            throw new InvalidException(e.getMessage());
        }
        List<String> events = request.events();
        if (events == null || events.isEmpty()) {
            throw new InvalidException("events: at least one of " + String.join(", ", SubscriptionEvents.ALL));
        }
        if (events.size() > SubscriptionEvents.ALL.size() || new HashSet<>(events).size() != events.size()) {
            throw new InvalidException("events: each event at most once");
        }
        for (String event : events) {
            if (event == null || !SubscriptionEvents.KNOWN.contains(event)) {
                throw new InvalidException("events: unknown event; each one of " + String.join(", ", SubscriptionEvents.ALL));
            }
        }
        List<UUID> channels = request.channelIds();
        if (channels != null) {
            if (channels.isEmpty() || channels.size() > MAX_CHANNEL_IDS) {
                throw new InvalidException("channelIds: 1 to " + MAX_CHANNEL_IDS + " channel ids, or leave it out for "
                        + "every channel of the bot");
            }
            if (channels.contains(null) || new HashSet<>(channels).size() != channels.size()) {
                throw new InvalidException("channelIds: distinct channel ids");
            }
        }
    }
}
