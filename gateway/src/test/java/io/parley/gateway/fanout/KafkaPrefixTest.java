package io.parley.gateway.fanout;

import io.parley.devstack.DevstackResource;
import io.parley.events.EnvelopeJson;
import io.parley.events.Topics;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.TestKafka;
import io.parley.gateway.support.TestSocket;
import io.parley.kit.instance.InstanceIdentity;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The gateway of a release with {@code parley.kafka.prefix=t1.} (issue 18.2), over the real broker: its fan-out
 * consumer reads only the {@code t1.} topics in group {@code t1.gateway-<id>} and routes their records by the table's
 * names (a revoke on {@code t1.session.commands} closes the socket), its {@code auth.users} follower reads
 * {@code t1.auth.users} (a ban there closes the user's socket), and its channels produce to {@code t1.} topics.
 */
@QuarkusTest
@TestProfile(KafkaPrefixTest.Prefixed.class)
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class KafkaPrefixTest extends GatewayTest {

    public static class Prefixed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.kafka.prefix", "t1.");
        }
    }

    @Inject
    InstanceIdentity instance;

    @Inject
    FanOutConsumer fanOut;

    @Test
    void theFanOutAndTheBanFollowerReadThePrefixedTopicsOnly() throws Exception {
        String group = "t1." + FanOutConsumer.groupId(instance.id());
        assertThat(fanOut.clientProperties().get(ConsumerConfig.GROUP_ID_CONFIG), is(group));
        assertThat(ConfigProvider.getConfig().getValue("mp.messaging.outgoing.chat-commands.topic", String.class),
                is("t1.chat.commands"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap()))) {
            Set<String> expected = new TreeSet<>();
            FanOutConsumer.TOPICS.forEach(t -> expected.add("t1." + t.name()));
            Set<String> assigned = new TreeSet<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                assigned.clear();
                admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group).members()
                        .forEach(m -> m.assignment().topicPartitions().stream().map(TopicPartition::topic)
                                .forEach(assigned::add));
                return !assigned.isEmpty();
            });
            assertThat(assigned, is(expected));
        }

        String user = newId();
        TestSocket revoked = connect(user);
        TestSocket banned = connect(user);
        String sessionId = revoked.frames.get(0).getJsonObject("d").getString("sessionId");
        TestKafka.publish("t1." + Topics.SESSION_COMMANDS.name(), "session-service/test", "session.revoke", user,
                EnvelopeJson.mapper().createObjectNode().put("sessionId", sessionId).put("userId", user));
        assertThat(revoked.awaitClose(), is(4009));

        var profile = EnvelopeJson.mapper().createObjectNode().put("id", user).put("username", "u" + user.substring(0, 6));
        var data = EnvelopeJson.mapper().createObjectNode().put("banned", true);
        data.set("user", profile);
        TestKafka.publish("t1." + Topics.AUTH_USERS.name(), "auth-service/test", "user.banned", user, data);
        assertThat(banned.awaitClose(), is(4003));
    }
}
