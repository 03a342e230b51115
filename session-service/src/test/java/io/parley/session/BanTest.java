package io.parley.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A ban on auth.users: the user's tokens are refused and every session of theirs is closed (4003). */
@QuarkusTest
class BanTest extends LiveRegistryTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private void publishUser(UUID userId, boolean banned) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        ObjectNode data = EnvelopeJson.mapper().createObjectNode();
        data.putObject("user").put("id", userId.toString()).put("username", "u" + userId.toString().substring(0, 8))
                .put("displayName", "Test").put("createdAt", "2026-11-25T12:00:00.000Z").putArray("roles").add("user");
        data.put("banned", banned);
        Envelope envelope = Envelope.of(banned ? "user.banned" : "user.unbanned", "auth-service/test", userId.toString(),
                data);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>("auth.users", userId.toString(), EnvelopeJson.write(envelope)))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void bannedUserIsRefusedAndEverySessionClosed() throws Exception {
        UUID user = newUser();
        gateway.open(user);
        gateway.open(user);
        eventually().until(() -> liveSessions(user) == 2);
        as(Tokens.user(user)).get("/api/sessions").then().statusCode(200);

        publishUser(user, true);

        eventually().until(() -> liveSessions(user) == 0);
        as(Tokens.user(user)).get("/api/sessions").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        eventually().until(() -> sessionCommands.of("user.disconnect", user.toString()).size() == 1);
        assertEquals(4003, sessionCommands.of("user.disconnect", user.toString()).get(0).data().path("code").asInt());

        publishUser(user, false);
        eventually().untilAsserted(() -> as(Tokens.user(user)).get("/api/sessions").then().statusCode(200));
    }

    @Test
    void sessionOpenedAfterTheBanIsClosedAtOnce() throws Exception {
        UUID user = newUser();
        publishUser(user, true);
        eventually().untilAsserted(() -> as(Tokens.user(user)).get("/api/sessions").then().statusCode(403));

        gateway.open(user);

        eventually().until(() -> knownSessions(user) == 1 && liveSessions(user) == 0);
        eventually().until(() -> sessionCommands.of("user.disconnect", user.toString()).size() == 1);
    }
}
