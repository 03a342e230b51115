package io.parley.gateway.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.devstack.DevstackResource;
import io.parley.events.Envelope;
import io.parley.events.Topics;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.RecordTail;
import io.parley.gateway.support.TestSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static io.parley.gateway.support.TestSocket.d;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

/**
 * What a chat op puts on chat.commands, read from the real topic: exactly the contract's fields of its {@code d}, as
 * validated; a field the client added (here 1 KiB of it, and a nested object) never travels on.
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class ForwardedFieldsTest extends GatewayTest {

    private static final String KIBIBYTE = "x".repeat(1024);

    @Test
    void everyChatOpForwardsOnlyTheContractsFields() {
        String user = newId();
        String channel = newId();
        doubles.grant(channel, user, "member");
        TestSocket socket = connect(user);
        String message = newId();
        String attachment = newId();
        try (RecordTail commands = new RecordTail(Topics.CHAT_COMMANDS.name())) {
            assertForwarded(socket, commands, "send", withExtras(d("channelId", channel, "text", "hi",
                            "clientMsgId", "f-1", "replyTo", message).put("attachments", new JsonArray().add(attachment))),
                    Set.of("channelId", "text", "clientMsgId", "replyTo", "attachments"));
            assertForwarded(socket, commands, "send", withExtras(d("channelId", channel, "text", "plain", "clientMsgId", "f-2")),
                    Set.of("channelId", "text", "clientMsgId"));
            assertForwarded(socket, commands, "edit", withExtras(d("channelId", channel, "messageId", message, "text", "hi!")),
                    Set.of("channelId", "messageId", "text"));
            assertForwarded(socket, commands, "react",
                    withExtras(d("channelId", channel, "messageId", message, "emoji", "👍", "add", true)),
                    Set.of("channelId", "messageId", "emoji", "add"));
            assertForwarded(socket, commands, "read", withExtras(d("channelId", channel, "seq", 1)),
                    Set.of("channelId", "seq"));
            assertForwarded(socket, commands, "delete", withExtras(d("channelId", channel, "messageId", message)),
                    Set.of("channelId", "messageId"));
        }
        socket.close();
    }

    @Test
    void forwardedValuesAreTheValidatedOnes() {
        String user = newId();
        String channel = newId();
        doubles.grant(channel, user, "member");
        TestSocket socket = connect(user);
        String message = newId();
        try (RecordTail commands = new RecordTail(Topics.CHAT_COMMANDS.name())) {
            JsonObject sent = d("channelId", channel, "text", "hello", "clientMsgId", "v-1", "replyTo", message.toUpperCase());
            assertThat(socket.request("send", sent).getString("op"), is("ok"));
            JsonNode d = commands.await(e -> "v-1".equals(e.data().path("d").path("clientMsgId").asText())).data().path("d");
            assertThat(d.path("channelId").asText(), equalTo(channel));
            assertThat(d.path("text").asText(), equalTo("hello"));
            // a UUID travels in its canonical (lower-case) form
            assertThat(d.path("replyTo").asText(), equalTo(message));
        }
        socket.close();
    }

    private static JsonObject withExtras(JsonObject d) {
        return d.put("extra", KIBIBYTE).put("nested", new JsonObject().put("deep", KIBIBYTE));
    }

    private static void assertForwarded(TestSocket socket, RecordTail commands, String op, JsonObject d,
            Set<String> expected) {
        JsonObject reply = socket.request(op, d);
        assertThat(op + " answered " + reply.encode(), reply.getString("op"), is("ok"));
        String frameId = reply.getString("id");
        Envelope record = commands.await(e -> op.equals(e.type())
                && frameId.equals(e.data().path("reply").path("frameId").asText()));
        Set<String> fields = new TreeSet<>();
        record.data().path("d").fieldNames().forEachRemaining(fields::add);
        assertThat(op + " forwarded " + record.data().path("d"), fields, equalTo(new TreeSet<>(expected)));
    }
}
