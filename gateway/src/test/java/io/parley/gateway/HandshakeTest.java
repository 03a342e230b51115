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
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.*;
import static org.awaitility.Awaitility.await;

/** Admission at the upgrade: every refusal is an HTTP status with no socket; an accepted socket starts with hello. */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class HandshakeTest extends GatewayTest {

    private int status(Map<String, String> headers) {
        return TestSocket.attempt(port(), withIp(headers), "/ws").status();
    }

    private static Map<String, String> withIp(Map<String, String> headers) {
        var all = new java.util.HashMap<>(headers);
        all.putIfAbsent("X-Forwarded-For", TestSocket.randomIp());
        return all;
    }

    @Test
    void missingTokenIsRefused401() {
        assertThat(status(Map.of()), is(401));
    }

    @Test
    void forgedExpiredWrongIssuerAndGarbageTokensAreRefused401() {
        String user = newId();
        assertThat(status(Map.of("Authorization", "Bearer " + Tokens.forged(user))), is(401));
        assertThat(status(Map.of("Authorization", "Bearer " + Tokens.expired(user))), is(401));
        assertThat(status(Map.of("Authorization", "Bearer " + Tokens.wrongIssuer(user))), is(401));
        assertThat(status(Map.of("Authorization", "Bearer not.a.jwt")), is(401));
    }

    @Test
    void helloIsTheFirstFrameWithSessionAndLimits() {
        String user = newId();
        TestSocket socket = connect(user);
        JsonObject hello = socket.frames.get(0);
        assertThat(hello.getString("op"), is("hello"));
        JsonObject d = hello.getJsonObject("d");
        assertThat(d.getString("userId"), is(user));
        assertThat(d.getString("sessionId"), not(emptyOrNullString()));
        assertThat(d.getString("username"), is("user-" + user.substring(0, 8)));
        assertThat(d.getInteger("heartbeatMs"), is(25000));
        assertThat(d.getInteger("maxFrameBytes"), is(65536));
        socket.close();
    }

    @Test
    void tokenInQueryParameterIsAccepted() {
        String user = newId();
        var result = TestSocket.attempt(port(), withIp(Map.of()), "/ws?access_token=" + Tokens.valid(user));
        assertThat(result.status(), is(101));
    }

    @Test
    void bannedUserIsRefused403AndUnbannedUserIsAdmittedAgain() {
        String user = newId();
        publishUser(user, true);
        await().atMost(Duration.ofSeconds(15)).until(() -> status(Map.of("Authorization", "Bearer " + Tokens.valid(user))) == 403);
        publishUser(user, false);
        await().atMost(Duration.ofSeconds(15)).until(() -> status(Map.of("Authorization", "Bearer " + Tokens.valid(user))) == 101);
    }

    @Test
    void userOverTheSocketLimitIsRefused429WithRetryAfter() {
        String user = newId();
        List<TestSocket> open = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            open.add(connect(user));
        }
        var refusal = TestSocket.attempt(port(), withIp(Map.of("Authorization", "Bearer " + Tokens.valid(user))), "/ws");
        assertThat(refusal.status(), is(429));
        assertThat(refusal.retryAfter(), not(emptyOrNullString()));
        open.get(0).close();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> status(Map.of("Authorization", "Bearer " + Tokens.valid(user))) == 101);
        open.forEach(TestSocket::close);
    }

    @Test
    void clientIpOverTheHandshakeRateIsRefused429() {
        String ip = TestSocket.randomIp();
        // 150 handshakes at once from one address: the burst (40) and the refill (20/s) cannot admit them all
        var attempts = java.util.stream.IntStream.range(0, 150)
                .mapToObj(i -> TestSocket.attemptAsync(port(), Map.of("X-Forwarded-For", ip), "/ws"))
                .toList();
        long refused = attempts.stream().map(java.util.concurrent.CompletableFuture::join)
                .filter(r -> r.status() == 429).count();
        assertThat(refused, greaterThan(0L));
        assertThat(attempts.stream().map(java.util.concurrent.CompletableFuture::join)
                .filter(r -> r.status() == 429).allMatch(r -> r.retryAfter() != null), is(true));
        // another client address is not affected
        assertThat(status(Map.of()), is(401));
    }

    static void publishUser(String userId, boolean banned) {
        var user = EnvelopeJson.mapper().createObjectNode().put("id", userId).put("username", "u" + userId.substring(0, 6));
        var data = EnvelopeJson.mapper().createObjectNode().put("banned", banned);
        data.set("user", user);
        TestKafka.publish(Topics.AUTH_USERS.name(), "auth-service/test", banned ? "user.banned" : "user.unbanned", userId, data);
    }
}
