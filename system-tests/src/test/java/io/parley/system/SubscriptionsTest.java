package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.parley.system.ParleyStack.TestUser;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outgoing event subscriptions over the real stack (issue 22.3): a bot made through auth-service subscribes a real
 * HTTP receiver on 127.0.0.1 (this stack's chat-service allows 127.0.0.1: PARLEY_INTEGRATIONS_ALLOWED_HOSTS).
 */
class SubscriptionsTest {

    private final ParleyStack stack = ParleyStack.get();
    private final Rest rest = stack.rest();

    @Test
    void signedDeliveriesArriveInSeqOrderThroughAReceiverThatFailsThreeTimes() throws Exception {
        TestUser owner = stack.newUser("subowner");
        Bot bot = newBot(owner);
        String channel = Chat.createChannel(rest, owner, "private");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> Chat.invite(rest, owner, channel,
                new TestUser(bot.id(), bot.username(), null, bot.token())));
        try (Receiver receiver = new Receiver(n -> n <= 3 ? 500 : 200)) {
            // the bot subscribes itself, with its exchanged access token
            JsonNode created = subscribe(bot.token(), bot.id(), receiver.url(), List.of("message.created"));
            String secret = created.path("secret").asText();
            List<String> texts = new ArrayList<>();
            try (WsClient socket = WsClient.connect(stack.port("gateway-a"), owner.token())) {
                for (int i = 1; i <= 10; i++) {
                    texts.add("event " + i);
                    socket.call("send", Chat.message(channel, "event " + i, UUID.randomUUID().toString()));
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.distinctIds() == 10 && receiver.got().size() >= 13);
            List<Received> got = receiver.got();
            assertEquals(13, got.size(), "3 failures, then every event once");
            Map<Long, String> idOfSeq = new HashMap<>();
            long last = 0;
            for (Received r : got) {
                assertEquals("v1=" + hmac(secret, r.timestamp() + "." + r.body()), r.signature(), "signed: " + r.body());
                long seq = r.json().path("seq").asLong();
                assertTrue(seq >= last, "in seq order");
                last = seq;
                String first = idOfSeq.putIfAbsent(seq, r.deliveryId());
                assertTrue(first == null || first.equals(r.deliveryId()), "a repeat has the same delivery id");
            }
            assertEquals(texts, got.subList(3, 13).stream()
                    .map(r -> r.json().path("data").path("message").path("text").asText()).toList());
            String id = created.path("subscription").path("id").asText();
            Rest.Response log = rest.get("/api/subscriptions/" + id + "/deliveries?limit=10", owner.token());
            assertEquals(200, log.status(), log.raw());
            assertEquals(10, log.body().path("deliveries").size());
        }
    }

    @Test
    void aHangingReceiverDoesNotDelayADmBetweenTwoPeople() throws Exception {
        TestUser alice = stack.newUser("subalice");
        TestUser bob = stack.newUser("subbob");
        Rest.Response dm = rest.post("/api/dms", alice.token(), Map.of("userId", bob.id()));
        assertTrue(dm.status() == 200 || dm.status() == 201, dm.raw());
        String dmChannel = dm.body().path("id").asText();
        TestUser owner = stack.newUser("subhang");
        Bot bot = newBot(owner);
        CountDownLatch release = new CountDownLatch(1);
        try (Receiver hanging = new Receiver(n -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        }); WsClient aliceSocket = WsClient.connect(stack.port("gateway-a"), alice.token());
             WsClient bobSocket = WsClient.connect(stack.port("gateway-b"), bob.token());
             WsClient ownerSocket = WsClient.connect(stack.port("gateway-a"), owner.token())) {
            bobSocket.call("subscribe", Map.of("channelId", dmChannel));
            List<Long> before = roundTrips(aliceSocket, bobSocket, dmChannel, 5);

            // several lanes of the bot hang at once: every channel's head waits for an answer that does not come
            String subscription = subscribe(bot.token(), bot.id(), hanging.url(), List.of("message.created"))
                    .path("subscription").path("id").asText();
            for (int c = 0; c < 4; c++) {
                String busy = Chat.createChannel(rest, owner, "private");
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> Chat.invite(rest, owner,
                        busy, new TestUser(bot.id(), bot.username(), null, bot.token())));
                for (int i = 0; i < 5; i++) {
                    ownerSocket.call("send", Chat.message(busy, "to a hanging receiver " + i,
                            UUID.randomUUID().toString()));
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> hanging.got().size() >= 4);
            List<Long> during = roundTrips(aliceSocket, bobSocket, dmChannel, 5);
            System.out.printf("DM round trip (ms) without a hanging receiver %s, with 4 hanging deliveries %s%n",
                    before, during);
            assertEquals(4, hanging.distinctIds(), "only each lane's head is attempted, the rest wait behind it");
            for (long ms : during) {
                assertTrue(ms < 2000, "a DM took " + ms + " ms while a receiver hung: " + during);
            }
            release.countDown();
            assertEquals(204, rest.delete("/api/subscriptions/" + subscription, owner.token()).status());
        }
    }

    @Test
    void internalAddressesAreRefused() {
        TestUser owner = stack.newUser("subssrf");
        Bot bot = newBot(owner);
        // this stack allows 127.0.0.1 only; a stack with the default configuration refuses it too (module test
        // DefaultOutboundPolicyTest, service-kit OutboundGuardTest)
        for (String url : List.of("http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data/",
                "http://127.0.0.2/", "http://[::1]:8082/", "http://192.168.0.1/")) {
            Rest.Response refused = rest.post("/api/subscriptions", owner.token(), Map.of("botId", bot.id(),
                    "url", url, "events", List.of("message.created")));
            assertEquals(400, refused.status(), url + " → " + refused.raw());
            assertEquals("INVALID", refused.code());
            assertTrue(refused.body().path("message").asText().contains("address"), refused.raw());
        }
    }

    private record Bot(String id, String username, String token) {
    }

    /** A bot of {@code owner} through auth-service, its token exchanged for an access JWT. */
    private Bot newBot(TestUser owner) {
        String username = ("bot_" + UUID.randomUUID().toString().replace("-", "")).substring(0, 20);
        Rest.Response created = rest.post("/api/bots", owner.token(), Map.of("username", username));
        assertEquals(201, created.status(), created.raw());
        Rest.Response exchanged = rest.post("/api/auth/bot-token", null,
                Map.of("token", created.body().path("token").asText()));
        assertEquals(200, exchanged.status(), exchanged.raw());
        return new Bot(created.body().path("bot").path("id").asText(), username,
                exchanged.body().path("accessToken").asText());
    }

    /** Creates a subscription; chat-service learns the new bot from auth.users, so the first tries may be early. */
    private JsonNode subscribe(String token, String botId, String url, List<String> events) {
        Map<String, Object> body = Map.of("botId", botId, "url", url, "events", events);
        return await().atMost(Duration.ofSeconds(30)).until(() -> rest.post("/api/subscriptions", token, body),
                r -> r.status() == 201).body();
    }

    /** Sends n DMs from one socket and times each until the other socket has its message.created. */
    private static List<Long> roundTrips(WsClient from, WsClient to, String channel, int n) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String clientMsgId = UUID.randomUUID().toString();
            long start = System.nanoTime();
            from.send("send", Chat.message(channel, "dm " + i, clientMsgId));
            to.await(f -> "message.created".equals(f.path("t").asText())
                    && clientMsgId.equals(f.path("d").path("message").path("clientMsgId").asText()), Duration.ofSeconds(30));
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        return millis;
    }

    private static String hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private record Received(String deliveryId, String timestamp, String signature, String body, JsonNode json) {
    }

    /** A JDK HttpServer on 127.0.0.1 recording every POST; the rule answers the n-th request (and may block). */
    private static final class Receiver implements AutoCloseable {

        private final HttpServer server;
        private final List<Received> got = new CopyOnWriteArrayList<>();

        Receiver(IntUnaryOperator statusOfNth) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                int n;
                synchronized (got) {
                    got.add(new Received(exchange.getRequestHeaders().getFirst("X-Parley-Delivery"),
                            exchange.getRequestHeaders().getFirst("X-Parley-Timestamp"),
                            exchange.getRequestHeaders().getFirst("X-Parley-Signature"), body, Rest.JSON.readTree(body)));
                    n = got.size();
                }
                exchange.sendResponseHeaders(statusOfNth.applyAsInt(n), -1);
                exchange.close();
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        List<Received> got() {
            return List.copyOf(got);
        }

        long distinctIds() {
            return got.stream().map(Received::deliveryId).distinct().count();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
