package io.parley.gateway.fanout;

import io.parley.events.EnvelopeJson;
import io.parley.events.Topics;
import io.parley.gateway.config.GatewayConfig;
import io.parley.kit.instance.InstanceIdentity;
import io.parley.kit.kafka.KafkaClients;
import io.parley.kit.kafka.KafkaNames;
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
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.List;
import java.util.Map;
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
    static final List<Topics.TopicSpec> TOPICS = List.of(Topics.CHAT_EVENTS, Topics.USER_EVENTS,
            Topics.CHAT_EPHEMERAL, Topics.GATEWAY_REPLIES, Topics.PRESENCE_EVENTS, Topics.SESSION_COMMANDS,
            Topics.CALL_EVENTS);

    private final FanOutRouter router;
    private final InstanceIdentity instance;
    private final KafkaClients kafkaClients;
    private final KafkaNames names;
    private final int maxPollRecords;
    private volatile boolean assigned;
    private KafkaPolling polling;

    public FanOutConsumer(FanOutRouter router, InstanceIdentity instance, KafkaClients kafkaClients,
            KafkaNames names, GatewayConfig config) {
        this.router = router;
        this.instance = instance;
        this.kafkaClients = kafkaClients;
        this.names = names;
        this.maxPollRecords = config.fanout().maxPollRecords();
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        Map<String, Object> own = Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, names.group(groupId(instance.id())),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords),
                // chat-service publishes chat.events and user.events in transactions: none of an aborted one's
                // records is delivered
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                // alone in its group: a quick session timeout lets a restarted instance with the same id rejoin fast
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000",
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        polling = new KafkaPolling("gateway-fanout-" + instance.id(), kafkaClients, own,
                consumer -> consumer.subscribe(TOPICS.stream().map(names::topic).toList(), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        assigned = false;
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        // after a restart: on from where the failed consumer stopped, not from the latest offset
                        polling.resumeWhereStopped(consumer, partitions);
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

    /**
     * The consumer group of one gateway instance, before the prefix ({@link KafkaNames#group}); exposed so operators
     * and tests can find it.
     */
    public static String groupId(String instanceId) {
        return "gateway-" + instanceId;
    }

    /** Whether the consumer polls (it is started over after a failure) and has its partitions. */
    public boolean isAssigned() {
        return assigned && polling != null && !polling.isDown();
    }

    /** The settings the consumer was built from; null before start. */
    Properties clientProperties() {
        return polling == null ? null : polling.properties();
    }

    private void handle(KafkaConsumer<String, String> consumer, ConsumerRecords<String, String> batch) {
        for (ConsumerRecord<String, String> record : batch) {
            // the router knows the topics by the table's names
            String topic = names.unprefixed(record.topic());
            if (record.value() == null || !router.wants(topic, record.key())) {
                continue;
            }
            try {
                router.route(topic, EnvelopeJson.read(record.value()));
            } catch (RuntimeException e) {
                LOG.warnf("skipped a record of %s at offset %d: %s", record.topic(), record.offset(), e.getMessage());
            }
        }
    }
}
