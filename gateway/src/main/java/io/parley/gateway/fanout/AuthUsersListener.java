package io.parley.gateway.fanout;

import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.Topics;
import io.parley.events.data.AuthUser;
import io.parley.gateway.service.ChannelAccessCache;
import io.parley.gateway.service.CommandRateLimiter;
import io.parley.gateway.service.SocketRegistry;
import io.parley.kit.bans.BannedUsers;
import io.parley.kit.instance.InstanceIdentity;
import io.parley.kit.kafka.KafkaClients;
import io.parley.kit.kafka.KafkaNames;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Follows the compacted auth.users from its beginning, by every instance (assigned, no group, so every instance knows
 * every ban): the latest record of each user says whether they are banned (the kit's {@link BannedUsers}). A ban seen
 * live also closes the user's sockets here with 4003 and drops their cached channel access; a later
 * {@code tokensNotBefore} (a bot's token rotated or revoked, docs/bots.md) closes them with 4001; {@code bot: true}
 * puts the user on the bot budgets ({@link CommandRateLimiter}). A plain consumer rather
 * than a SmallRye channel, like the fan-out: a channel would need a group and would resume committed offsets.
 */
@ApplicationScoped
public class AuthUsersListener {

    private static final Logger LOG = Logger.getLogger(AuthUsersListener.class);
    static final int CLOSE_BANNED = 4003;
    static final int CLOSE_TOKEN_REVOKED = 4001;

    private final BannedUsers bannedUsers;
    private final SocketRegistry sockets;
    private final ChannelAccessCache accessCache;
    private final CommandRateLimiter rateLimiter;
    private final InstanceIdentity instance;
    private final KafkaClients kafkaClients;
    private final KafkaNames names;
    private volatile Map<TopicPartition, Long> endAtStart;
    private volatile boolean caughtUp;
    private KafkaPolling polling;

    public AuthUsersListener(BannedUsers bannedUsers, SocketRegistry sockets, ChannelAccessCache accessCache,
            CommandRateLimiter rateLimiter, InstanceIdentity instance, KafkaClients kafkaClients, KafkaNames names) {
        this.bannedUsers = bannedUsers;
        this.sockets = sockets;
        this.accessCache = accessCache;
        this.rateLimiter = rateLimiter;
        this.instance = instance;
        this.kafkaClients = kafkaClients;
        this.names = names;
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        polling = new KafkaPolling("gateway-bans-" + instance.id(), kafkaClients, Map.of(), this::assignAll,
                this::handle);
        polling.start();
    }

    void stop(@Observes @Priority(100) ShutdownEvent event) {
        if (polling != null) {
            polling.stop();
        }
    }

    /** Ready once the bans that existed at start-up are known. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    /** The settings the consumer was built from; null before start. */
    Properties clientProperties() {
        return polling == null ? null : polling.properties();
    }

    private void assignAll(KafkaConsumer<String, String> consumer) {
        List<TopicPartition> partitions = consumer.partitionsFor(names.topic(Topics.AUTH_USERS), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        endAtStart = consumer.endOffsets(partitions);
        checkCaughtUp(consumer);
    }

    private void handle(KafkaConsumer<String, String> consumer, ConsumerRecords<String, String> batch) {
        for (ConsumerRecord<String, String> record : batch) {
            if (record.value() == null) {
                continue;
            }
            try {
                apply(EnvelopeJson.read(record.value()));
            } catch (RuntimeException e) {
                LOG.warnf("skipped an auth.users record at offset %d: %s", record.offset(), e.getMessage());
            }
        }
        if (!caughtUp) {
            checkCaughtUp(consumer);
        }
    }

    private void apply(Envelope envelope) {
        AuthUser user = envelope.dataAs(AuthUser.class);
        boolean tokensRevoked = bannedUsers.apply(envelope);
        String userId = user.user().id().toString();
        if (user.user().bot()) {
            rateLimiter.markBot(userId);
        }
        if (user.banned()) {
            accessCache.invalidateUser(userId);
            sockets.forEachOfUser(userId, socket -> socket.close(CLOSE_BANNED, "banned"));
        } else if (tokensRevoked) {
            // a bot's token was rotated or revoked: every socket open now was opened (or last renewed) with an
            // access token issued before it; the bot reconnects with a token from its new bot token
            sockets.forEachOfUser(userId, socket -> socket.close(CLOSE_TOKEN_REVOKED, "token revoked"));
        }
    }

    private void checkCaughtUp(KafkaConsumer<String, String> consumer) {
        caughtUp = endAtStart.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
