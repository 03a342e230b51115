package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.events.EnvelopeJson;
import io.parley.events.Topics;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.TestKafka;
import io.parley.gateway.support.TestSocket;
import io.parley.gateway.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Bots at the gateway (docs/bots.md): the bot budget (the test profile's: 0.2/s, burst 5; a person's is 10/s, burst
 * 20) for a token whose groups contain bot, on the socket and for REST writes; a user's tokensNotBefore on auth.users closes their sockets 4001 and refuses older
 * tokens at the handshake.
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class BotLimitsTest extends GatewayTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aBotsSendsSpendTheBotBudget() {
        String bot = newId();
        String channel = newId();
        doubles.grant(channel, bot, "member");
        TestSocket socket = TestSocket.open(port(), token(bot, Set.of("user", "bot"), Instant.now().minusSeconds(1)));
        long started = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = "f-" + i;
            ids.add(id);
            socket.send(new JsonObject().put("op", "send").put("id", id).put("d", new JsonObject()
                    .put("channelId", channel).put("text", "beep " + i).put("clientMsgId", newId())));
        }
        long accepted = ids.stream().map(socket::reply).filter(r -> "ok".equals(r.getString("op"))).count();
        double seconds = (System.nanoTime() - started) / 1e9;
        // a person's burst (20) would take all 12; the bot's is 5, plus what 0.2/s refilled meanwhile
        assertThat((double) accepted, allOf(greaterThanOrEqualTo(5d), lessThanOrEqualTo(5 + 0.2 * seconds + 1)));
        assertThat(accepted, lessThan(12L));
    }

    @Test
    void aBotsRestWritesSpendTheBotBudgetAndAPersonsDoNot() {
        String botToken = token(newId(), Set.of("user", "bot"), Instant.now().minusSeconds(1));
        String personToken = Tokens.valid(newId());
        long started = System.nanoTime();
        List<Integer> bot = writes(botToken, 12);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Integer> person = writes(personToken, 12);
        // a person's burst is 20: none of 12 is refused; the bot's 5 + what 0.2/s refilled, the rest refused
        assertThat(person.stream().filter(s -> s == 429).count(), is(0L));
        long botAccepted = bot.stream().filter(s -> s != 429).count();
        assertThat((double) botAccepted, allOf(greaterThanOrEqualTo(5d), lessThanOrEqualTo(5 + 0.2 * seconds + 1)));
        assertThat(botAccepted, lessThan(12L));
        given().accept("text/plain").get("/q/metrics").then()
                .body(containsString("parley_gateway_api_rate_limited_total{limit=\"user-writes\""));
    }

    /** {@code count} REST writes sent at once (the stand-in for auth-service answers them); their statuses. */
    private List<Integer> writes(String token, int count) {
        List<CompletableFuture<HttpResponse<Void>>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/api/auth/anything"))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        return sent.stream().map(f -> f.join().statusCode()).toList();
    }

    @Test
    void tokensNotBeforeClosesTheUsersSockets4001AndRefusesOlderTokens() {
        String bot = newId();
        long now = Instant.now().getEpochSecond();
        String old = token(bot, Set.of("user", "bot"), Instant.ofEpochSecond(now - 5));
        TestSocket socket = TestSocket.open(port(), old);
        String other = newId();
        TestSocket bystander = TestSocket.open(port(), token(other, Set.of("user", "bot"), Instant.ofEpochSecond(now - 5)));

        publishBot(bot, Instant.ofEpochSecond(now));
        assertThat(socket.awaitClose(), is(4001));
        assertThat(status(old), is(401));
        // a token issued at the bound is fine, and other users are untouched
        assertThat(status(token(bot, Set.of("user", "bot"), Instant.ofEpochSecond(now))), is(101));
        assertThat(bystander.isClosed(), is(false));
        // the same bound again (the bot renamed) closes nothing: the ban after it (same key, so read after it) is
        // what closes the socket, with its own code
        TestSocket fresh = TestSocket.open(port(), token(bot, Set.of("user", "bot"), Instant.ofEpochSecond(now)));
        publishBot(bot, Instant.ofEpochSecond(now), false);
        publishBot(bot, Instant.ofEpochSecond(now), true);
        assertThat(fresh.awaitClose(), is(4003));
    }

    private int status(String token) {
        return TestSocket.attempt(port(), Map.of("Authorization", "Bearer " + token), "/ws").status();
    }

    private static void publishBot(String userId, Instant tokensNotBefore) {
        publishBot(userId, tokensNotBefore, false);
    }

    private static void publishBot(String userId, Instant tokensNotBefore, boolean banned) {
        var user = EnvelopeJson.mapper().createObjectNode().put("id", userId).put("username", "b" + userId.substring(0, 6))
                .put("bot", true).put("ownerId", newId());
        var data = EnvelopeJson.mapper().createObjectNode().put("banned", banned)
                .put("tokensNotBefore", tokensNotBefore.toString());
        data.set("user", user);
        TestKafka.publish(Topics.AUTH_USERS.name(), "auth-service/test", banned ? "user.banned" : "user.updated",
                userId, data);
    }

    /** As auth-service mints a bot's token (groups user, bot), issued at {@code issuedAt}. */
    private static String token(String userId, Set<String> groups, Instant issuedAt) {
        try {
            return Jwt.issuer(Tokens.ISSUER).subject(userId).upn("bot-" + userId.substring(0, 8)).groups(groups)
                    .issuedAt(issuedAt).expiresAt(Instant.now().plusSeconds(900))
                    .claim("jti", newId()).jws().keyId(Tokens.KID).sign(KeyUtils.readPrivateKey("/privateKey.pem"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot mint a test token", e);
        }
    }
}
