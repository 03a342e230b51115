package io.parley.gateway.fanout;

import io.parley.events.EnvelopeJson;
import io.parley.events.Topics;
import io.parley.gateway.config.GatewayConfig;
import io.parley.gateway.config.GatewayInstance;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.List;
import java.util.Properties;

/**
 * Reads the fan-out topics in batches, in a consumer group of this instance alone (it must see every event), from the
 * latest offset and never committing: a restarted gateway does not replay stale replies or revokes. A plain consumer
 * on its own thread rather than a SmallRye channel: the group id is computed per instance, and batches go straight to
 * the socket writes without per-record acknowledgement work.
 */
@ApplicationScoped
public class FanOutConsumer {

    private static final Logger LOG = Logger.getLogger(FanOutConsumer.class);
    static final List<String> TOPICS = List.of(Topics.CHAT_EVENTS.name(), Topics.USER_EVENTS.name(),
            Topics.CHAT_EPHEMERAL.name(), Topics.GATEWAY_REPLIES.name(), Topics.PRESENCE_EVENTS.name(),
            Topics.SESSION_COMMANDS.name());

    private final FanOutRouter router;
    private final GatewayInstance instance;
    private final String bootstrapServers;
    private final int maxPollRecords;
    private volatile boolean assigned;
    private KafkaPolling polling;

    public FanOutConsumer(FanOutRouter router, GatewayInstance instance,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            GatewayConfig config) {
        this.router = router;
        this.instance = instance;
        this.bootstrapServers = bootstrapServers;
        this.maxPollRecords = config.fanout().maxPollRecords();
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(instance.id()));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        // chat-service publishes chat.events and user.events in transactions: never deliver an aborted one's records
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // alone in its group: a quick session timeout lets a restarted instance with the same id rejoin fast
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        polling = new KafkaPolling("gateway-fanout-" + instance.id(), props,
                consumer -> consumer.subscribe(TOPICS, new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        assigned = false;
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        assigned = !partitions.isEmpty();
                    }
                }),
                this::handle);
        polling.start();
    }

    void stop(@Observes @Priority(100) ShutdownEvent event) {
        if (polling != null) {
            polling.stop();
        }
    }

    /** The consumer group of one gateway instance; exposed so operators and tests can find it. */
    public static String groupId(String instanceId) {
        return "gateway-" + instanceId;
    }

    public boolean isAssigned() {
        return assigned;
    }

    private void handle(KafkaConsumer<String, String> consumer, ConsumerRecords<String, String> batch) {
        for (ConsumerRecord<String, String> record : batch) {
            if (record.value() == null || !router.wants(record.topic(), record.key())) {
                continue;
            }
            try {
                router.route(record.topic(), EnvelopeJson.read(record.value()));
            } catch (RuntimeException e) {
                LOG.warnf("skipped a record of %s at offset %d: %s", record.topic(), record.offset(), e.getMessage());
            }
        }
    }
}
