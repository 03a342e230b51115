package io.parley.chat.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.chat.support.TestBots;
import io.parley.chat.support.TestUsers;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.devstack.DevstackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.parley.chat.support.Api.channel;
import static io.parley.chat.support.Api.delete;
import static io.parley.chat.support.Api.get;
import static io.parley.chat.support.Api.invite;
import static io.parley.chat.support.Api.post;
import static io.parley.chat.support.Api.send;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outgoing event subscriptions against real PostgreSQL, Kafka and an HTTP receiver on 127.0.0.1. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class EventSubscriptionsTest {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Test
    void signedDeliveriesArriveInSeqOrderWithTheMentionAfterItsMessage() {
        TestUser owner = TestUsers.create(pool);
        TestUser bot = TestBots.create(pool, owner);
        String channelId = channel(owner, "private");
        invite(owner, channelId, bot);
        try (TestReceiver receiver = new TestReceiver(n -> 204)) {
            JsonNode created = subscribe(owner, bot, receiver.url(), List.of("message.created", "mention"), null);
            String secret = created.path("secret").asText();
            String subscriptionId = created.path("subscription").path("id").asText();
            for (int i = 1; i <= 4; i++) {
                send(owner, channelId, i == 3 ? "hey @" + bot.username() + " look" : "message " + i);
            }
            await().atMost(DELIVERY).until(() -> receiver.received().size() >= 5);
            List<TestReceiver.Received> got = receiver.received();
            assertEquals(5, got.size(), "four messages and one mention, once each: " + got);
            List<String> order = new ArrayList<>();
            long lastSeq = 0;
            for (TestReceiver.Received r : got) {
                assertEquals(DeliverySignature.sign(secret, Long.parseLong(r.timestamp()),
                        r.body().getBytes(StandardCharsets.UTF_8)), r.signature(), "signature of " + r.body());
                assertTrue(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(r.timestamp())) < 60);
                assertEquals(r.deliveryId(), r.json().path("id").asText());
                assertEquals(subscriptionId, r.json().path("subscriptionId").asText());
                assertEquals(bot.id().toString(), r.json().path("botId").asText());
                assertEquals(channelId, r.json().path("channelId").asText());
                long seq = r.json().path("seq").asLong();
                assertTrue(seq >= lastSeq, "seq order: " + order);
                lastSeq = seq;
                order.add(r.json().path("event").asText() + ":" + r.json().path("data").path("message").path("text").asText());
            }
            assertEquals(List.of("message.created:message 1", "message.created:message 2",
                    "message.created:hey @" + bot.username() + " look", "mention:hey @" + bot.username() + " look",
                    "message.created:message 4"), order);
            get(owner, "/api/subscriptions/" + subscriptionId + "/deliveries?limit=10").statusCode(200)
                    .body("deliveries.size()", equalTo(5))
                    .body("deliveries[0].status", equalTo("delivered"))
                    .body("deliveries[0].attempts", equalTo(1))
                    .body("deliveries[0].lastStatus", equalTo(204));
        }
    }

    @Test
    void aReceiverFailingThreeTimesGetsEveryEventOnceDeliveredInOrder() {
        TestUser owner = TestUsers.create(pool);
        TestUser bot = TestBots.create(pool, owner);
        String channelId = channel(owner, "private");
        invite(owner, channelId, bot);
        try (TestReceiver receiver = new TestReceiver(n -> n <= 3 ? 503 : 200)) {
            String subscriptionId = subscribe(owner, bot, receiver.url(), List.of("message.created"), List.of(channelId))
                    .path("subscription").path("id").asText();
            for (int i = 1; i <= 6; i++) {
                send(owner, channelId, "m" + i);
            }
            await().atMost(DELIVERY).until(() -> receiver.received().stream().map(r -> r.deliveryId()).distinct()
                    .count() == 6 && receiver.received().size() >= 9);
            List<TestReceiver.Received> got = receiver.received();
            assertEquals(9, got.size(), "3 failed attempts, then each of 6 once");
            // every attempt is the lane's head: the seqs received never go back, a repeat carries the same id
            Map<Long, String> idOfSeq = new HashMap<>();
            long last = 0;
            for (TestReceiver.Received r : got) {
                long seq = r.json().path("seq").asLong();
                assertTrue(seq >= last, "no reordering");
                last = seq;
                String previous = idOfSeq.putIfAbsent(seq, r.deliveryId());
                assertTrue(previous == null || previous.equals(r.deliveryId()), "a duplicate has the same delivery id");
            }
            List<String> texts = got.subList(3, 9).stream()
                    .map(r -> r.json().path("data").path("message").path("text").asText()).toList();
            assertEquals(List.of("m1", "m2", "m3", "m4", "m5", "m6"), texts);
            assertEquals(got.get(0).deliveryId(), got.get(3).deliveryId(), "the failed head was retried, not skipped");
            get(owner, "/api/subscriptions/" + subscriptionId).statusCode(200).body("active", equalTo(true));
            get(owner, "/api/subscriptions/" + subscriptionId + "/deliveries").statusCode(200)
                    .body("deliveries.find { it.seq == " + got.get(0).json().path("seq").asLong() + " }.attempts",
                            equalTo(4));
        }
    }

    @Test
    void onlyChannelsTheBotIsAMemberOfAreDelivered() {
        TestUser owner = TestUsers.create(pool);
        TestUser bot = TestBots.create(pool, owner);
        String without = channel(owner, "public");
        String with = channel(owner, "private");
        try (TestReceiver receiver = new TestReceiver(n -> 200)) {
            subscribe(owner, bot, receiver.url(), List.of("message.created", "member.joined"), null);
            send(owner, with, "before the bot joined");
            send(owner, without, "never seen");
            invite(owner, with, bot);
            send(owner, with, "after the bot joined");
            await().atMost(DELIVERY).until(() -> receiver.received().size() >= 2);
            // the last event is delivered only after every earlier one was looked at: nothing more will come
            List<String> got = receiver.received().stream().map(r -> r.json().path("event").asText() + ":"
                    + r.json().path("channelId").asText()).toList();
            assertEquals(List.of("member.joined:" + with, "message.created:" + with), got);
        }
    }

    @Test
    void repeatedFailureDisablesTheSubscriptionTellsTheOwnerAndEnableResumes() {
        TestUser owner = TestUsers.create(pool);
        TestUser bot = TestBots.create(pool, owner);
        String channelId = channel(owner, "private");
        invite(owner, channelId, bot);
        try (TestReceiver receiver = new TestReceiver(n -> 500)) {
            String id = subscribe(owner, bot, receiver.url(), List.of("message.created"), null)
                    .path("subscription").path("id").asText();
            send(owner, channelId, "to a dead receiver");
            await().atMost(DELIVERY).untilAsserted(() -> get(owner, "/api/subscriptions/" + id).statusCode(200)
                    .body("active", equalTo(false))
                    .body("disabledReason", startsWith("disabled after 4 failed deliveries in a row; last: HTTP 500")));
            assertEquals(4, receiver.received().size());
            await().atMost(DELIVERY).until(() -> pool.preparedQuery("SELECT 1 FROM user_events_outbox WHERE user_id = $1 "
                    + "AND type = 'subscription.disabled' AND payload ->> 'subscriptionId' = $2")
                    .execute(Tuple.of(owner.id(), id)).await().atMost(Duration.ofSeconds(5)).size() == 1);
            given().when().get("/q/metrics").then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("parley_chat_subscriptions_disabled_total"));

            receiver.answer(n -> 200);
            post(owner, "/api/subscriptions/" + id + "/enable", null).statusCode(200).body("active", equalTo(true))
                    .body("disabledReason", nullValue());
            await().atMost(DELIVERY).until(() -> receiver.received().size() >= 5);
            assertEquals("to a dead receiver",
                    receiver.received().get(4).json().path("data").path("message").path("text").asText());
            get(owner, "/api/subscriptions/" + id + "/deliveries").statusCode(200)
                    .body("deliveries[0].status", equalTo("delivered")).body("deliveries[0].attempts", equalTo(5));
        }
    }

    @Test
    void pendingDeliveriesLeftByAStoppedInstanceAreResumedFromTheTable() {
        TestUser owner = TestUsers.create(pool);
        TestUser bot = TestBots.create(pool, owner);
        String channelId = channel(owner, "private");
        try (TestReceiver receiver = new TestReceiver(n -> 200)) {
            String id = subscribe(owner, bot, receiver.url(), List.of("message.created"), null)
                    .path("subscription").path("id").asText();
            // what an instance that crashed mid-attempt leaves: a pending row, attempted before, its lease run out
            java.util.UUID left = java.util.UUID.randomUUID();
            pool.preparedQuery("INSERT INTO deliveries (id, subscription_id, channel_id, seq, ordinal, event, body, status, "
                            + "attempts, lease_until, last_error) VALUES ($1, $2, $3, 7, 0, 'message.created', $4, "
                            + "'pending', 2, now() - interval '1 second', 'connection failed: reset')")
                    .execute(Tuple.tuple().addValue(left).addValue(java.util.UUID.fromString(id))
                            .addValue(java.util.UUID.fromString(channelId)).addValue("{\"id\":\"" + left + "\"}"))
                    .await().atMost(Duration.ofSeconds(10));
            await().atMost(DELIVERY).until(() -> receiver.received().size() == 1);
            assertEquals(left.toString(), receiver.received().get(0).deliveryId());
            assertEquals("{\"id\":\"" + left + "\"}", receiver.received().get(0).body());
            get(owner, "/api/subscriptions/" + id + "/deliveries").statusCode(200)
                    .body("deliveries[0].status", equalTo("delivered")).body("deliveries[0].attempts", equalTo(3));
        }
    }

    @Test
    void internalAddressesAreRefusedAtCreation() {
        TestUser owner = TestUsers.create(pool);
        TestUser bot = TestBots.create(pool, owner);
        // the test profile allows 127.0.0.1 only (its receiver): every other internal address is refused
        for (String url : List.of("http://10.0.0.1/hook", "http://127.0.0.2:8080/", "http://169.254.169.254/latest",
                "http://[::1]/x", "http://0.0.0.0/", "http://[::ffff:10.0.0.1]/", "http://192.168.1.10/")) {
            post(owner, "/api/subscriptions", body(bot, url, List.of("message.created"), null)).statusCode(400)
                    .body("code", equalTo("INVALID")).body("message", org.hamcrest.Matchers.containsString("address"));
        }
    }

    @Test
    void requestsAreValidated() {
        TestUser owner = TestUsers.create(pool);
        TestUser bot = TestBots.create(pool, owner);
        TestUser stranger = TestUsers.create(pool);
        String ok = "http://127.0.0.1:9/hook";
        Map<Object, String> cases = new LinkedHashMap<>();
        cases.put(body(bot, "ftp://127.0.0.1/x", List.of("message.created"), null), "url must be an absolute http or https URL");
        cases.put(body(bot, "http://u:p@127.0.0.1/", List.of("message.created"), null), "url must not carry credentials");
        cases.put(body(bot, ok, List.of(), null), "events: at least one of");
        cases.put(body(bot, ok, List.of("message.created", "message.created"), null), "events: each event at most once");
        cases.put(body(bot, ok, List.of("typing"), null), "events: unknown event");
        cases.put(body(bot, ok, List.of("mention"), List.of()), "channelIds: 1 to 100");
        cases.put(Map.of("url", ok, "events", List.of("mention")), "botId is required");
        cases.put(body(owner, ok, List.of("mention"), null), "botId: not a bot of yours");
        cases.put(Map.of("botId", bot.id().toString(), "url", 5, "events", List.of("mention")),
                "a field has the wrong type");
        cases.put(Map.of("botId", "not-a-uuid", "url", ok, "events", List.of("mention")), "a field has the wrong type");
        for (var c : cases.entrySet()) {
            post(owner, "/api/subscriptions", c.getKey()).statusCode(400).body("code", equalTo("INVALID"))
                    .body("message", startsWith(c.getValue()));
        }
        post(stranger, "/api/subscriptions", body(bot, ok, List.of("mention"), null)).statusCode(400)
                .body("message", equalTo("botId: not a bot of yours"));
        given().contentType("application/json").body("{}").when().post("/api/subscriptions").then().statusCode(401);
    }

    @Test
    void ownersTheBotAndAdminsSeeASubscriptionOthersGetNotFound() {
        TestUser owner = TestUsers.create(pool);
        TestUser bot = TestBots.create(pool, owner);
        TestUser stranger = TestUsers.create(pool);
        TestUser admin = TestUsers.create(pool, true);
        JsonNode created = subscribe(bot, bot, "http://127.0.0.1:9/hook", List.of("mention"), null);
        String id = created.path("subscription").path("id").asText();
        assertNotNull(created.path("secret").asText(null));
        get(owner, "/api/subscriptions/" + id).statusCode(200).body("botId", equalTo(bot.id().toString()))
                .body("channelIds", nullValue()).body("events", equalTo(List.of("mention")))
                .body("$", not(org.hamcrest.Matchers.hasKey("secret")));
        get(owner, "/api/subscriptions").statusCode(200).body("subscriptions.id", hasItem(id));
        get(bot, "/api/subscriptions").statusCode(200).body("subscriptions.id", hasItem(id));
        get(stranger, "/api/subscriptions/" + id).statusCode(404).body("code", equalTo("NOT_FOUND"));
        get(stranger, "/api/subscriptions/" + id + "/deliveries").statusCode(404);
        get(stranger, "/api/subscriptions").statusCode(200).body("subscriptions.id", not(hasItem(id)));
        get(stranger, "/api/subscriptions?all=true").statusCode(403);
        get(admin, "/api/subscriptions?all=true").statusCode(200).body("subscriptions.id", hasItem(id));
        get(owner, "/api/subscriptions/not-an-id").statusCode(404);
        delete(stranger, "/api/subscriptions/" + id).statusCode(404);
        delete(owner, "/api/subscriptions/" + id).statusCode(204);
        get(owner, "/api/subscriptions/" + id).statusCode(404);
    }

    private static JsonNode subscribe(TestUser caller, TestUser bot, String url, List<String> events,
            List<String> channelIds) {
        String json = post(caller, "/api/subscriptions", body(bot, url, events, channelIds)).statusCode(201)
                .body("subscription.active", equalTo(true)).body("secret", startsWith("psub_"))
                .extract().asString();
        try {
            return io.parley.events.EnvelopeJson.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> body(TestUser bot, String url, List<String> events, List<String> channelIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("botId", bot.id().toString());
        body.put("url", url);
        body.put("events", events);
        if (channelIds != null) {
            body.put("channelIds", channelIds);
        }
        return body;
    }
}
