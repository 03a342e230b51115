package io.parley.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.chat.domain.Command;
import io.parley.chat.domain.CommandOutcome;
import io.parley.chat.service.CommandProcessor;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.chat.support.TestUsers;
import io.parley.devstack.DevstackResource;
import io.parley.events.EnvelopeJson;
import io.parley.kit.caller.Caller;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.parley.chat.support.Api.channel;
import static io.parley.chat.support.Api.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One batch touching several channels: the channels' commands run side by side in the transaction, yet each channel's
 * seq follows batch order and every outcome answers its own command.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class BatchLanesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    @Inject
    CommandProcessor processor;

    @Test
    void interleavedChannelsKeepBatchOrderPerChannelAndOutcomesMatchTheirCommands() throws Exception {
        TestUser user = TestUsers.create(pool);
        Caller caller = new Caller(user.id(), user.username(), false);
        List<String> channels = List.of(channel(user, "private"), channel(user, "private"), channel(user, "private"));
        List<Command> commands = new ArrayList<>();
        Map<Integer, String> texts = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            for (String channelId : channels) {
                texts.put(commands.size(), channelId + " #" + i);
                commands.add(send(caller, channelId, channelId + " #" + i, "lane-" + channelId + "-" + i));
            }
            if (i == 7) {
                // a command no channel owns, and a redelivered duplicate of an earlier one, in the middle
                commands.add(new Command(UUID.randomUUID().toString(), "send", caller,
                        EnvelopeJson.mapper().valueToTree(Map.of("text", "no channel", "clientMsgId", "lane-none")), null));
                commands.add(commands.get(1));
            }
        }

        List<CommandOutcome> outcomes = processor.commitDurably(commands).await().atMost(WAIT);

        assertEquals(commands.size(), outcomes.size());
        assertEquals("INVALID", outcomes.get(24).reply().path("error").path("code").asText(), "the command without a channel");
        assertEquals(outcomes.get(1).reply(), outcomes.get(25).reply(), "a duplicate in the batch gets the first reply");
        for (String channelId : channels) {
            JsonNode page = EnvelopeJson.mapper().readTree(
                    get(user, "/api/channels/" + channelId + "/messages?limit=100").extract().asString());
            List<String> inSeqOrder = new ArrayList<>();
            Map<Long, String> bySeq = new HashMap<>();
            for (JsonNode message : page.path("messages")) {
                bySeq.put(message.path("seq").asLong(), message.path("text").asText());
            }
            bySeq.keySet().stream().sorted().forEach(seq -> inSeqOrder.add(bySeq.get(seq)));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add(channelId + " #" + i);
            }
            assertEquals(expected, inSeqOrder, "channel " + channelId + " in batch order");
            for (Map.Entry<Integer, String> sent : texts.entrySet()) {
                if (sent.getValue().startsWith(channelId)) {
                    long seq = outcomes.get(sent.getKey()).reply().path("ok").path("seq").asLong();
                    assertEquals(sent.getValue(), bySeq.get(seq), "the outcome of command " + sent.getKey()
                            + " names its own message");
                }
            }
        }
    }

    private static Command send(Caller caller, String channelId, String text, String clientMsgId) {
        return new Command(UUID.randomUUID().toString(), "send", caller, EnvelopeJson.mapper().valueToTree(
                Map.of("channelId", channelId, "text", text, "clientMsgId", clientMsgId)), null);
    }
}
