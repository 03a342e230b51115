package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.system.ParleyStack.TestUser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guarantees 1–3 of the contract, across two gateway instances. */
class OrderAndRecoveryTest {

    private final ParleyStack stack = ParleyStack.get();
    private final Rest rest = stack.rest();

    @Test
    void everySubscriberOnEitherGatewaySeesTheSameSeqOrder() throws Exception {
        TestUser owner = stack.newUser("owner");
        String channel = Chat.createChannel(rest, owner, "public");
        List<TestUser> senders = List.of(stack.newUser("s1"), stack.newUser("s2"), stack.newUser("s3"));
        TestUser watcherA = stack.newUser("wa");
        TestUser watcherB = stack.newUser("wb");
        for (TestUser u : List.of(senders.get(0), senders.get(1), senders.get(2), watcherA, watcherB)) {
            Chat.join(rest, u, channel);
        }
        try (WsClient onA = WsClient.connect(stack.port("gateway-a"), watcherA.token());
                WsClient onB = WsClient.connect(stack.port("gateway-b"), watcherB.token())) {
            long startA = onA.call("subscribe", Map.of("channelId", channel)).path("lastSeq").asLong();
            long startB = onB.call("subscribe", Map.of("channelId", channel)).path("lastSeq").asLong();
            assertEquals(startA, startB);

            int perSender = 25;
            List<CompletableFuture<Void>> sending = new ArrayList<>();
            for (int i = 0; i < senders.size(); i++) {
                TestUser sender = senders.get(i);
                int gateway = i % 2 == 0 ? stack.port("gateway-a") : stack.port("gateway-b");
                sending.add(CompletableFuture.runAsync(() -> sendAll(gateway, sender, channel, perSender)));
            }
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).join();

            long end = startA + (long) perSender * senders.size();
            awaitCount(onA, channel, perSender * senders.size());
            awaitCount(onB, channel, perSender * senders.size());
            Chat.assertExactlyOnceInOrder("subscriber on gateway A", Chat.seqs(onA.events("message.created", channel)),
                    startA, end);
            Chat.assertExactlyOnceInOrder("subscriber on gateway B", Chat.seqs(onB.events("message.created", channel)),
                    startA, end);
        }
    }

    @Test
    void aClientThatReconnectsToTheOtherGatewayRecoversEveryEventExactlyOnce() throws Exception {
        TestUser owner = stack.newUser("owner");
        String channel = Chat.createChannel(rest, owner, "public");
        TestUser reader = stack.newUser("reader");
        TestUser writer = stack.newUser("writer");
        Chat.join(rest, reader, channel);
        Chat.join(rest, writer, channel);

        long lastSeen;
        try (WsClient first = WsClient.connect(stack.port("gateway-a"), reader.token());
                WsClient writing = WsClient.connect(stack.port("gateway-a"), writer.token())) {
            long start = first.call("subscribe", Map.of("channelId", channel)).path("lastSeq").asLong();
            for (int i = 0; i < 5; i++) {
                writing.call("send", Chat.message(channel, "before " + i, UUID.randomUUID().toString()));
            }
            awaitCount(first, channel, 5);
            lastSeen = start + 5;
            first.abort();
            // missed while offline
            for (int i = 0; i < 30; i++) {
                writing.call("send", Chat.message(channel, "offline " + i, UUID.randomUUID().toString()));
            }
            // and more racing the reconnect
            CompletableFuture<Void> racing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 20; i++) {
                    writing.call("send", Chat.message(channel, "racing " + i, UUID.randomUUID().toString()));
                }
            });
            try (WsClient again = WsClient.connect(stack.port("gateway-b"), reader.token())) {
                again.call("subscribe", Map.of("channelId", channel, "sinceSeq", lastSeen));
                racing.join();
                awaitCount(again, channel, 50);
                List<JsonNode> events = again.events("message.created", channel);
                Chat.assertExactlyOnceInOrder("reconnected subscriber", Chat.seqs(events), lastSeen, lastSeen + 50);
                assertTrue(events.get(0).path("replay").asBoolean(), "the first recovered event is marked replay");
            }
        }
    }

    @Test
    void aSendRetriedAfterTheSocketDiedCreatesOneMessage() throws Exception {
        TestUser owner = stack.newUser("owner");
        String channel = Chat.createChannel(rest, owner, "public");
        String clientMsgId = UUID.randomUUID().toString();
        String text = "retried " + clientMsgId;
        try (WsClient dying = WsClient.connect(stack.port("gateway-a"), owner.token())) {
            dying.send("send", Chat.message(channel, text, clientMsgId));
            dying.abort();
        }
        JsonNode first;
        JsonNode second;
        try (WsClient again = WsClient.connect(stack.port("gateway-b"), owner.token())) {
            first = again.call("send", Chat.message(channel, text, clientMsgId));
            second = again.call("send", Chat.message(channel, text, clientMsgId));
        }
        assertEquals(first.path("messageId"), second.path("messageId"));
        assertEquals(first.path("seq"), second.path("seq"));
        long copies = Chat.history(rest, owner, channel).stream()
                .filter(m -> text.equals(m.path("text").asText())).count();
        assertEquals(1, copies, "one message for one clientMsgId");
    }

    private static void sendAll(int gatewayPort, TestUser sender, String channel, int count) {
        try (WsClient socket = WsClient.connect(gatewayPort, sender.token())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ids.add(socket.send("send", Chat.message(channel, sender.username() + " " + i,
                        UUID.randomUUID().toString())));
            }
            for (String id : ids) {
                JsonNode reply = socket.reply(id);
                assertEquals("ok", reply.path("op").asText(), reply.toString());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void awaitCount(WsClient socket, String channel, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> socket.events("message.created", channel).size() >= count);
    }
}
