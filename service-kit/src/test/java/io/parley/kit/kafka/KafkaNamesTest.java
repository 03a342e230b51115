package io.parley.kit.kafka;

import io.parley.events.Topics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaNamesTest {

    @Test
    void everyNameGetsThePrefix() {
        KafkaNames names = new KafkaNames("t1.", List.of("chat.commands.chat-service-test"));
        assertEquals("t1.chat.events", names.topic(Topics.CHAT_EVENTS));
        assertEquals("t1.chat.commands.chat-service-test", names.topic("chat.commands.chat-service-test"));
        assertEquals("t1.gateway-abc", names.group("gateway-abc"));
        assertEquals("t1.parley-chat-relay-x", names.transactionalId("parley-chat-relay-x"));
        assertEquals("gateway.replies", names.unprefixed("t1.gateway.replies"));
        assertEquals("t1.", names.prefix());
    }

    @Test
    void noPrefixByDefaultLeavesEveryNameAsItIs() {
        KafkaNames names = new KafkaNames(null, List.of());
        assertEquals("", names.prefix());
        assertEquals("chat.events", names.topic(Topics.CHAT_EVENTS));
        assertEquals("chat-service", names.group("chat-service"));
        assertEquals("gateway.replies", names.unprefixed("gateway.replies"));
    }

    @Test
    void kafkasTopicCharactersAreAllowed() {
        assertEquals("Release_2-blue.", KafkaNames.validated("Release_2-blue.", List.of()));
    }

    @Test
    void anIllegalCharacterIsRefusedWithOneLineNamingTheSetting() {
        for (String bad : List.of("t 1.", "t1/", "rel:a", "é.", "t1.*")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new KafkaNames(bad, List.of()), bad);
            assertTrue(e.getMessage().startsWith("PARLEY_KAFKA_PREFIX (parley.kafka.prefix) \"" + bad + "\""),
                    e.getMessage());
            assertTrue(e.getMessage().contains("'.', '_' and '-'"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void thePrefixMustLeaveTheLongestTopicWithinKafkasLimit() {
        // the table's longest name is session.commands (16 characters): 233 fit, 234 do not
        assertEquals(233, KafkaNames.validated("p".repeat(233), List.of()).length());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaNames.validated("p".repeat(234), List.of()));
        assertTrue(e.getMessage().contains("session.commands") && e.getMessage().contains("at most 233"),
                e.getMessage());
        // a service's own longer topic (a test's) counts too
        String testTopic = "chat.commands.chat-service-test";
        assertThrows(IllegalArgumentException.class,
                () -> KafkaNames.validated("p".repeat(249 - testTopic.length() + 1), List.of(testTopic)));
        assertEquals(249 - testTopic.length(),
                KafkaNames.validated("p".repeat(249 - testTopic.length()), List.of(testTopic)).length());
    }
}
