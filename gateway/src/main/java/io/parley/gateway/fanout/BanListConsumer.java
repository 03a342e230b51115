package io.parley.gateway.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.Topics;
import io.parley.gateway.config.GatewayInstance;
import io.parley.gateway.service.BannedUsers;
import io.parley.gateway.service.ChannelAccessCache;
import io.parley.gateway.service.SocketRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Projects the compacted auth.users topic, read from the beginning by every instance (no group): the set of banned
 * users. A ban seen live closes the user's sockets here with 4003.
 */
@ApplicationScoped
public class BanListConsumer {

    private static final Logger LOG = Logger.getLogger(BanListConsumer.class);
    static final int CLOSE_BANNED = 4003;

    private final BannedUsers banned;
    private final SocketRegistry sockets;
    private final ChannelAccessCache accessCache;
    private final GatewayInstance instance;
    private final String bootstrapServers;
    private volatile Map<TopicPartition, Long> endAtStart;
    private volatile boolean caughtUp;
    private KafkaPolling polling;

    public BanListConsumer(BannedUsers banned, SocketRegistry sockets, ChannelAccessCache accessCache,
            GatewayInstance instance, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.banned = banned;
        this.sockets = sockets;
        this.accessCache = accessCache;
        this.instance = instance;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        polling = new KafkaPolling("gateway-bans-" + instance.id(), props, this::assignAll, this::handle);
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

    private void assignAll(KafkaConsumer<String, String> consumer) {
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUTH_USERS.name(), Duration.ofSeconds(30)).stream()
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
        JsonNode data = envelope.data();
        if (data == null) {
            return;
        }
        String userId = data.path("user").path("id").asText(envelope.subject());
        if (userId == null || userId.isEmpty()) {
            return;
        }
        if (data.path("banned").asBoolean(false)) {
            banned.ban(userId);
            accessCache.invalidateUser(userId);
            sockets.forEachOfUser(userId, socket -> socket.close(CLOSE_BANNED, "banned"));
        } else {
            banned.unban(userId);
        }
    }

    private void checkCaughtUp(KafkaConsumer<String, String> consumer) {
        caughtUp = endAtStart.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
