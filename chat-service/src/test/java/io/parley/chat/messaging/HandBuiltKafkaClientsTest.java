package io.parley.chat.messaging;

import io.parley.devstack.DevstackResource;
import io.parley.kit.instance.InstanceIdentity;
import io.parley.kit.kafka.KafkaClients;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * chat-service's own Kafka producer (the outbox relay's transactional one) reaches the broker with every
 * {@code kafka.*} setting the SmallRye channels have, security included: the test profile sets one that no client
 * sets itself ({@code kafka.client.dns.lookup}), and the relay's producer must be built with it.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class HandBuiltKafkaClientsTest {

    private static final String SHARED = "client.dns.lookup";

    @Inject
    RelayProducer relay;

    @Inject
    KafkaClients kafkaClients;

    @Inject
    InstanceIdentity instance;

    @Test
    void theRelayProducerStartsFromTheSharedKafkaSettingsWithItsOwnOnTop() {
        assertEquals("use_all_dns_ips", kafkaClients.properties(Map.of()).get(SHARED));
        Properties props = relay.clientProperties();
        assertEquals("use_all_dns_ips", props.get(SHARED));
        assertEquals(kafkaClients.bootstrapServers(), props.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        // its own settings win over the shared ones: its transactional id, acks=all, idempotence
        assertEquals("parley-chat-relay-" + instance.id(), props.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
        assertEquals("all", props.get(ProducerConfig.ACKS_CONFIG));
        assertEquals("true", props.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
    }
}
