package io.parley.chat.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;
import java.util.UUID;

/** Commands as the gateway produces them on the commands topic, addressed back to a fake gateway instance. */
public final class TestCommands {

    private TestCommands() {
    }

    public static String topic() {
        return ConfigProvider.getConfig().getValue("mp.messaging.incoming.chat-commands.topic", String.class);
    }

    /** A command envelope from {@code user} whose reply goes to {@code instance}, frame id {@code frameId}. */
    public static Envelope command(TestUser user, String op, String channelId, Map<String, Object> d, String instance,
            String frameId) {
        ObjectNode data = EnvelopeJson.mapper().createObjectNode();
        data.put("userId", user.id().toString());
        data.put("username", user.username());
        data.putArray("roles").add("user");
        data.set("d", EnvelopeJson.mapper().valueToTree(d));
        ObjectNode reply = data.putObject("reply");
        reply.put("instance", instance);
        reply.put("connectionId", "conn-" + user.username());
        reply.put("frameId", frameId);
        return Envelope.of(op, "gateway/test", channelId, data);
    }


    public static org.apache.kafka.clients.producer.RecordMetadata produce(Envelope command) {
        return TestKafka.send(topic(), command);
    }

    /** A fresh fake gateway instance id, so a test reads only its own replies. */
    public static String instance() {
        return "test-gateway-" + UUID.randomUUID();
    }

    public static JsonNode ok(Envelope reply) {
        return reply.data().get("ok");
    }

    public static String errorCode(Envelope reply) {
        return reply.data().path("error").path("code").asText(null);
    }
}
