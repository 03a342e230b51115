package io.parley.kit.kafka;

import io.parley.events.Topics;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KafkaTopicsSetupTest {

    @Test
    void aTableTopicKeepsTheTablesSettings() {
        assertEquals(Topics.AUTH_USERS, KafkaTopicsSetup.spec("auth.users"));
    }

    @Test
    void aTestTopicTakesTheSettingsOfTheTopicItExtends() {
        Topics.TopicSpec spec = KafkaTopicsSetup.spec("chat.commands.chat-service-test");
        assertEquals("chat.commands.chat-service-test", spec.name());
        assertEquals(Topics.CHAT_COMMANDS.partitions(), spec.partitions());
        assertEquals(Topics.CHAT_COMMANDS.config(), spec.config());
    }

    @Test
    void anUnknownTopicIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> KafkaTopicsSetup.spec("chat.commandsx"));
    }

    @Test
    void everyClientGetsTheSharedSecuritySettingsAndItsOwnWin() {
        KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "group.id", "gateway"));
        Properties props = clients.properties(Map.of("group.id", "fanout-1", "sasl.mechanism", "PLAIN"));
        assertEquals("SASL_SSL", props.get("security.protocol"));
        assertEquals("PLAIN", props.get("sasl.mechanism"));
        assertEquals("fanout-1", props.get("group.id"));
        assertEquals("broker:9093", clients.bootstrapServers());
        assertFalse(new KafkaClients(Map.of("group.id", "x")).properties(Map.of()).containsKey("group.id"));
    }
}
