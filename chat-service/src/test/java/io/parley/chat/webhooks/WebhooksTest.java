package io.parley.chat.webhooks;

import io.parley.chat.support.TestBots;
import io.parley.chat.support.TestUsers;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.devstack.DevstackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.parley.chat.support.Api.channel;
import static io.parley.chat.support.Api.delete;
import static io.parley.chat.support.Api.get;
import static io.parley.chat.support.Api.invite;
import static io.parley.chat.support.Api.patch;
import static io.parley.chat.support.Api.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Incoming webhooks over the service's REST API: management, permissions, the post's checks and idempotency. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class WebhooksTest {

    private static final String NOT_FOUND_MESSAGE = "no such webhook";

    @Inject
    Pool pool;

    /** A channel owned by a person, with their bot invited. */
    private record Setup(TestUser owner, TestUser bot, String channelId) {
    }

    private Setup setup() {
        TestUser owner = TestUsers.create(pool);
        TestUser bot = TestBots.create(pool, owner);
        String channelId = channel(owner, "private");
        invite(owner, channelId, bot);
        return new Setup(owner, bot, channelId);
    }

    private static ExtractableResponse<Response> create(TestUser caller, String channelId, Map<String, Object> body) {
        return post(caller, "/api/channels/" + channelId + "/webhooks", body).statusCode(201).extract();
    }

    private static String url(Setup s) {
        return create(s.owner(), s.channelId(), Map.of("name", "CI", "botId", s.bot().id().toString()))
                .path("webhook.url");
    }

    private static ValidatableResponse hook(String url, Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post(url).then();
    }

    @Test
    void aModeratorCreatesAWebhookWhosePostsAreMessagesOfItsBot() throws Exception {
        Setup s = setup();
        ExtractableResponse<Response> created = create(s.owner(), s.channelId(),
                Map.of("name", "Deploys", "botId", s.bot().id().toString()));
        String id = created.path("webhook.id");
        String url = created.path("webhook.url");
        assertEquals(s.channelId(), created.path("webhook.channelId"));
        assertEquals(s.bot().id().toString(), created.path("webhook.botId"));
        assertEquals(s.owner().id().toString(), created.path("webhook.createdBy"));
        assertTrue(url.matches("/api/hooks/" + id + "/[A-Za-z0-9_-]{43}"), url);
        String secret = url.substring(url.lastIndexOf('/') + 1);
        byte[] stored = pool.preparedQuery("SELECT secret_hash FROM webhooks WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getBuffer("secret_hash").getBytes();
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)), stored,
                "only the secret's SHA-256 is stored");

        String messageId = hook(url, Map.of("text", "build 42 deployed", "displayName", "Deploy bot"))
                .statusCode(200).body("seq", notNullValue()).body("createdAt", notNullValue())
                .extract().path("messageId");
        hook(url, Map.of("text", "no override")).statusCode(200);

        get(s.owner(), "/api/channels/" + s.channelId() + "/messages").statusCode(200)
                .body("messages.find { it.id == '" + messageId + "' }.senderId", equalTo(s.bot().id().toString()))
                .body("messages.find { it.id == '" + messageId + "' }.webhook.id", equalTo(id))
                .body("messages.find { it.id == '" + messageId + "' }.webhook.displayName", equalTo("Deploy bot"))
                .body("messages.find { it.text == 'no override' }.webhook.displayName", equalTo("Deploys"));
        get(s.owner(), "/api/channels/" + s.channelId() + "/webhooks").statusCode(200)
                .body("webhooks.id", hasItem(id)).body("webhooks[0]", not(hasKey("url")));
    }

    @Test
    void theSameIdempotencyKeyPostsOnceEvenConcurrently() throws Exception {
        Setup s = setup();
        String url = url(s);
        Map<String, Object> body = Map.of("text", "once", "idempotencyKey", "event-1");
        String first = hook(url, body).statusCode(200).extract().path("messageId");
        hook(url, body).statusCode(200).body("messageId", equalTo(first));
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<String>> concurrent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                concurrent.add(CompletableFuture.supplyAsync(() -> hook(url, Map.of("text", "twice",
                        "idempotencyKey", "event-2")).statusCode(200).extract().<String>path("messageId"), threads));
            }
            Set<String> ids = new HashSet<>();
            for (CompletableFuture<String> f : concurrent) {
                ids.add(f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(1, ids.size(), "every duplicate got the one message");
        } finally {
            threads.shutdownNow();
        }
        long messages = pool.preparedQuery("SELECT count(*) AS n FROM messages WHERE channel_id = $1")
                .execute(Tuple.of(UUID.fromString(s.channelId()))).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong("n");
        assertEquals(2, messages, "one message per key");
    }

    @Test
    void unknownWrongSecretAndDeletedWebhooksAnswerTheSame404() {
        Setup s = setup();
        String url = url(s);
        String id = url.split("/")[3];
        hook(url, Map.of("text", "works")).statusCode(200);
        String wrongSecret = "/api/hooks/" + id + "/" + "A".repeat(43);
        for (String bad : List.of(wrongSecret, "/api/hooks/" + UUID.randomUUID() + "/" + "A".repeat(43),
                "/api/hooks/not-a-uuid/x", "/api/hooks/" + id + "/short")) {
            hook(bad, Map.of("text", "no")).statusCode(404).body("code", equalTo("NOT_FOUND"))
                    .body("message", equalTo(NOT_FOUND_MESSAGE));
        }
        // a wrong secret learns nothing about the body either
        given().body("not json").post(wrongSecret).then().statusCode(404);
        delete(s.owner(), "/api/webhooks/" + id).statusCode(204);
        hook(url, Map.of("text", "gone")).statusCode(404).body("message", equalTo(NOT_FOUND_MESSAGE));
        delete(s.owner(), "/api/webhooks/" + id).statusCode(404);
    }

    @Test
    void aPostsBodyIsValidatedWithTheContractsCodes() {
        Setup s = setup();
        String url = url(s);
        hook(url, Map.of()).statusCode(400).body("code", equalTo("INVALID")).body("message", containsString("text"));
        hook(url, Map.of("text", "")).statusCode(400).body("code", equalTo("INVALID"));
        hook(url, Map.of("text", "x".repeat(4001))).statusCode(400).body("message", containsString("text"));
        hook(url, Map.of("text", 5)).statusCode(400).body("message", containsString("text"));
        hook(url, Map.of("text", "ok", "displayName", "d".repeat(65))).statusCode(400)
                .body("message", containsString("displayName"));
        hook(url, Map.of("text", "ok", "displayName", " ")).statusCode(400);
        hook(url, Map.of("text", "ok", "idempotencyKey", "k".repeat(65))).statusCode(400)
                .body("message", containsString("idempotencyKey"));
        hook(url, Map.of("text", "ok", "idempotencyKey", 7)).statusCode(400);
        hook(url, List.of("text")).statusCode(400).body("code", equalTo("INVALID"));
        // refused posts count against a webhook's burst of 10 too, and on a fast machine the bucket has no time to
        // refill (an 11th post to the first webhook was rightly 429): after these nine, a second webhook
        String fresh = url(s);
        given().body("{\"text\":").post(fresh).then().statusCode(400)
                .body("message", equalTo("the body is not valid JSON"));
        // 16 KiB is the limit: a 4000-character text of 4-byte characters (sent as UTF-8) fits, 16 KiB + 1 does not
        given().contentType("application/json; charset=utf-8")
                .body(("{\"text\":\"" + "😀".repeat(4000) + "\"}").getBytes(StandardCharsets.UTF_8))
                .post(fresh).then().statusCode(200);
        String tooLarge = "{\"text\":\"" + "x".repeat(16 * 1024) + "\"}";
        given().contentType(ContentType.JSON).body(tooLarge).post(fresh).then().statusCode(413)
                .body("code", equalTo("TOO_LARGE"));
    }

    @Test
    void onlyModeratorsCreateAndOnlyForTheirOwnBotsInTheChannel() {
        Setup s = setup();
        String path = "/api/channels/" + s.channelId() + "/webhooks";
        Map<String, Object> body = Map.of("name", "n", "botId", s.bot().id().toString());
        TestUser member = TestUsers.create(pool);
        invite(s.owner(), s.channelId(), member);
        post(member, path, body).statusCode(403).body("code", equalTo("FORBIDDEN"));
        get(member, path).statusCode(403);
        TestUser outsider = TestUsers.create(pool);
        post(outsider, path, body).statusCode(404).body("code", equalTo("NOT_FOUND"));
        get(outsider, path).statusCode(404);

        // a moderator with someone else's bot, a bot not in the channel, no bot, a malformed one: INVALID
        TestUser moderator = TestUsers.create(pool);
        invite(s.owner(), s.channelId(), moderator);
        patch(s.owner(), "/api/channels/" + s.channelId() + "/members/" + moderator.id(), Map.of("role", "moderator"))
                .statusCode(204);
        post(moderator, path, body).statusCode(400).body("message", equalTo("botId must be one of your bots"));
        post(moderator, path, Map.of("name", "n", "botId", UUID.randomUUID().toString())).statusCode(400)
                .body("message", equalTo("botId must be one of your bots"));
        TestUser outsideBot = TestBots.create(pool, s.owner());
        post(s.owner(), path, Map.of("name", "n", "botId", outsideBot.id().toString())).statusCode(400)
                .body("message", containsString("member of the channel"));
        post(s.owner(), path, Map.of("name", "n")).statusCode(400).body("message", containsString("botId"));
        post(s.owner(), path, Map.of("name", "n", "botId", "nope")).statusCode(400);
        post(s.owner(), path, Map.of("botId", s.bot().id().toString())).statusCode(400)
                .body("message", containsString("name"));
        post(s.owner(), path, Map.of("name", "x".repeat(81), "botId", s.bot().id().toString())).statusCode(400);

        // a bot creates for itself where it moderates, not for another bot
        patch(s.owner(), "/api/channels/" + s.channelId() + "/members/" + s.bot().id(), Map.of("role", "moderator"))
                .statusCode(204);
        post(s.bot(), path, Map.of("name", "self")).statusCode(201)
                .body("webhook.botId", equalTo(s.bot().id().toString()));
        invite(s.owner(), s.channelId(), outsideBot);
        post(s.bot(), path, Map.of("name", "other", "botId", outsideBot.id().toString())).statusCode(400);
        // a plain member bot may not
        post(outsideBot, path, Map.of("name", "mine")).statusCode(403);
    }

    @Test
    void creatorsModeratorsAndAdminsListAndDelete() {
        Setup s = setup();
        String id = create(s.owner(), s.channelId(), Map.of("name", "a", "botId", s.bot().id().toString()))
                .path("webhook.id");
        TestUser admin = TestUsers.create(pool, true);
        TestUser stranger = TestUsers.create(pool);
        get(s.owner(), "/api/webhooks").statusCode(200).body("webhooks.id", equalTo(List.of(id)));
        get(stranger, "/api/webhooks").statusCode(200).body("webhooks.size()", equalTo(0));
        get(stranger, "/api/webhooks?all=true").statusCode(403).body("code", equalTo("FORBIDDEN"));
        get(admin, "/api/webhooks?all=true").statusCode(200).body("webhooks.id", hasItem(id));
        get(admin, "/api/webhooks?all=maybe").statusCode(400);
        get(admin, "/api/channels/" + s.channelId() + "/webhooks").statusCode(200).body("webhooks.id", hasItem(id));
        delete(stranger, "/api/webhooks/" + id).statusCode(404).body("message", equalTo(NOT_FOUND_MESSAGE));
        delete(admin, "/api/webhooks/" + id).statusCode(204);
        get(s.owner(), "/api/webhooks").statusCode(200).body("webhooks.size()", equalTo(0));
    }

    @Test
    void aWebhookIsRateLimitedWithRetryAfter() throws Exception {
        Setup s = setup();
        String url = url(s);
        // 20 posts in flight at a time, until one is refused: faster than the refill even on a loaded machine
        ExecutorService threads = Executors.newFixedThreadPool(20);
        long start = System.nanoTime();
        int accepted = 0;
        String retryAfter = null;
        try {
            for (int round = 0; round < 10 && retryAfter == null; round++) {
                List<CompletableFuture<ExtractableResponse<Response>>> answers = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String text = "spam " + round + "-" + i;
                    answers.add(CompletableFuture.supplyAsync(() -> hook(url, Map.of("text", text)).extract(), threads));
                }
                for (CompletableFuture<ExtractableResponse<Response>> f : answers) {
                    ExtractableResponse<Response> answer = f.get(60, TimeUnit.SECONDS);
                    if (answer.statusCode() == 200) {
                        accepted++;
                    } else {
                        assertEquals(429, answer.statusCode(), answer.asString());
                        assertEquals("RATE_LIMITED", answer.path("code"));
                        retryAfter = answer.header("Retry-After");
                    }
                }
            }
        } finally {
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(retryAfter != null && Long.parseLong(retryAfter) >= 1, "429 with Retry-After: " + retryAfter);
        // burst 10, then 5 per second
        assertTrue(accepted >= 10 && accepted <= 10 + 5 * seconds + 1, accepted + " accepted in " + seconds + " s");
    }

    @Test
    void aDisabledBotsWebhookIsRefusedAndPostsAreCounted() {
        Setup s = setup();
        String url = url(s);
        hook(url, Map.of("text", "before")).statusCode(200);
        TestBots.disable(pool, s.bot(), s.owner());
        hook(url, Map.of("text", "after")).statusCode(403).body("message", equalTo("the webhook's bot is disabled"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> posts = new HashMap<>();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("parley_chat_webhook_posts_total{")) {
                String outcome = line.replaceAll(".*outcome=\"([a-z_]+)\".*", "$1");
                posts.put(outcome, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        assertTrue(posts.getOrDefault("posted", 0.0) >= 1, posts.toString());
        assertTrue(posts.getOrDefault("forbidden", 0.0) >= 1, posts.toString());
    }

    @Test
    void aBotRemovedFromTheChannelCannotPostThroughItsWebhook() {
        Setup s = setup();
        String url = url(s);
        delete(s.owner(), "/api/channels/" + s.channelId() + "/members/" + s.bot().id()).statusCode(204);
        hook(url, Map.of("text", "x")).statusCode(403)
                .body("message", matchesPattern("the webhook's bot is not a member of the channel"));
    }
}
