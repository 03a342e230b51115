package io.parley.chat.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.support.Api;
import io.parley.chat.support.TestKafka;
import io.parley.chat.support.TestUsers;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.devstack.DevstackResource;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.Topics;
import io.parley.kit.kafka.KafkaClients;
import io.parley.kit.kafka.TopicProvisioner;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.parley.chat.support.TestCommands.command;
import static io.parley.chat.support.TestCommands.instance;
import static io.parley.chat.support.TestCommands.ok;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two releases on one cluster (issue 18 point 2): under {@code parley.kafka.prefix=t1.} chat-service takes its users
 * from {@code t1.auth.users}, its commands from {@code t1.chat.commands…} in group {@code t1.chat-service…}, and
 * publishes on {@code t1.chat.events} and {@code t1.gateway.replies} under a {@code t1.} transactional id, over the
 * real broker; the unprefixed topics of the other release get nothing.
 */
@QuarkusTest
@TestProfile(KafkaPrefixTest.Prefixed.class)
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class KafkaPrefixTest {

    static final String PREFIX = "t1.";

    public static class Prefixed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.kafka.prefix", PREFIX);
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    @Inject
    RelayProducer relay;

    @Inject
    KafkaClients kafkaClients;

    @Test
    void aCommandOnThePrefixedTopicIsAppliedAndItsEventsGoToThePrefixedTopicsOnly() {
        // the channels' property expressions resolved with the prefix, the relay's transactional id has it
        assertEquals("t1.chat.commands.chat-service-test", config("mp.messaging.incoming.chat-commands.topic"));
        assertEquals("t1.chat-service-test", config("mp.messaging.incoming.chat-commands.group.id"));
        assertEquals("t1.chat.events", config("mp.messaging.incoming.subscription-events.topic"));
        assertTrue(config("mp.messaging.incoming.auth-users.group.id").startsWith("t1.chat-service-users-"));
        assertTrue(relay.transactionalId().startsWith("t1.parley-chat-relay-"), relay.transactionalId());
        // the other release's topics, as its services would create them (a tail must not auto-create them)
        TopicProvisioner.ensure(kafkaClients.properties(Map.of()), (short) 1, Duration.ofSeconds(30),
                List.of(Topics.CHAT_EVENTS, Topics.GATEWAY_REPLIES));

        TestUser user = announcedOnPrefixedAuthUsers();
        String channelId = Api.channel(user, "private");
        String gateway = instance();
        try (var replies = TestKafka.tail("t1.gateway.replies"); var events = TestKafka.tail("t1.chat.events");
                var otherReplies = TestKafka.tail("gateway.replies"); var otherEvents = TestKafka.tail("chat.events")) {
            TestKafka.send("t1.chat.commands.chat-service-test", command(user, "send", channelId,
                    Map.of("channelId", channelId, "text", "under a prefix", "clientMsgId", "p-1"), gateway, "frame-1"));
            Envelope reply = replies.await(TestKafka.subject(gateway), 1, WAIT).get(0);
            assertNotNull(ok(reply), () -> "refused: " + reply.data());
            Envelope created = events.await(e -> channelId.equals(e.subject()) && e.type().equals("message.created"),
                    1, WAIT).get(0);
            assertEquals("under a prefix", created.data().path("message").path("text").asText());
            // the relay's transaction put every record of the round on the prefixed topics: had any gone to the
            // unprefixed ones, it would be committed and readable by now
            assertEquals(List.of(), otherEvents.drained(TestKafka.subject(channelId)));
            assertEquals(List.of(), otherReplies.drained(TestKafka.subject(gateway)));
        }
    }

    /** A user auth-service of the t1 release announced: the service's projection reads t1.auth.users. */
    private TestUser announcedOnPrefixedAuthUsers() {
        UUID id = UUID.randomUUID();
        String username = "p" + id.toString().replace("-", "").substring(0, 12);
        ObjectNode data = EnvelopeJson.mapper().createObjectNode();
        ObjectNode user = data.putObject("user");
        user.put("id", id.toString());
        user.put("username", username);
        user.put("displayName", "Test " + username);
        user.putArray("roles").add("user");
        user.put("createdAt", "2026-12-06T01:00:00.000Z");
        data.put("banned", false);
        TestKafka.send("t1.auth.users", Envelope.of("user.registered", "test", id.toString(), data));
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.preparedQuery("SELECT 1 FROM users WHERE id = $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(5)).size() == 1);
        return new TestUser(id, username, TestUsers.token(id, username, false));
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
