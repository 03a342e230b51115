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
import java.util.Map;

import static io.parley.gateway.support.TestSocket.d;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.*;

/** Server-side closes: revocation 4009, ban 4003, user.disconnect, token expiry 4001 and renewal with auth. */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class ClosureTest extends GatewayTest {

    @Test
    void revokedSessionCloses4009AndTheUsersOtherSocketStays() {
        String user = newId();
        TestSocket revoked = connect(user);
        TestSocket other = connect(user);
        String sessionId = revoked.frames.get(0).getJsonObject("d").getString("sessionId");
        TestKafka.publish(Topics.SESSION_COMMANDS.name(), "session-service/test", "session.revoke", user,
                EnvelopeJson.mapper().createObjectNode().put("sessionId", sessionId).put("userId", user));
        assertThat(revoked.awaitClose(), is(4009));
        assertThat(other.request("subscribe", d("channelId", newId())).getJsonObject("d").getString("code"), is("NOT_FOUND"));
        other.close();
    }

    @Test
    void revokedFamilyIsRefusedAtTheHandshakeAndInAuthFramesUntilItsTokensExpire() {
        String user = newId();
        String family = newId();
        String otherFamily = newId();
        TestSocket revoked = TestSocket.open(port(), Tokens.withSid(user, family));
        TestSocket sameFamily = TestSocket.open(port(), Tokens.withSid(user, family));
        TestSocket other = TestSocket.open(port(), Tokens.withSid(user, otherFamily));
        String sessionId = revoked.frames.get(0).getJsonObject("d").getString("sessionId");
        TestKafka.publish(Topics.SESSION_COMMANDS.name(), "session-service/test", "session.revoke", user,
                EnvelopeJson.mapper().createObjectNode().put("sessionId", sessionId).put("userId", user)
                        .put("familyId", family));
        assertThat(revoked.awaitClose(), is(4009));
        assertThat(sameFamily.awaitClose(), is(4009));

        // a new handshake with a token of that family, even a freshly minted one, is refused; the other family's works
        assertThat(TestSocket.attempt(port(), Map.of("Authorization", "Bearer " + Tokens.withSid(user, family),
                "X-Forwarded-For", TestSocket.randomIp()), "/ws").status(), is(401));
        assertThat(TestSocket.attempt(port(), Map.of("Authorization", "Bearer " + Tokens.withSid(user, otherFamily),
                "X-Forwarded-For", TestSocket.randomIp()), "/ws").status(), is(101));
        // so is an auth renewal with it, on the user's surviving socket
        JsonObject refused = other.request("auth", d("token", Tokens.withSid(user, family)));
        assertThat(refused.getJsonObject("d").getString("code"), is("INVALID"));
        assertThat(other.request("auth", d("token", Tokens.withSid(user, otherFamily))).getString("op"), is("ok"));
        assertThat(other.isClosed(), is(false));
        other.close();
    }

    @Test
    void banClosesEverySocketOfTheUser4003() {
        String user = newId();
        TestSocket first = connect(user);
        TestSocket second = connect(user);
        HandshakeTest.publishUser(user, true);
        assertThat(first.awaitClose(), is(4003));
        assertThat(second.awaitClose(), is(4003));
        HandshakeTest.publishUser(user, false);
    }

    @Test
    void userDisconnectClosesEverySocketWithTheGivenCode() {
        String user = newId();
        TestSocket socket = connect(user);
        TestKafka.publish(Topics.SESSION_COMMANDS.name(), "session-service/test", "user.disconnect", user,
                EnvelopeJson.mapper().createObjectNode().put("userId", user).put("code", 4003));
        assertThat(socket.awaitClose(), is(4003));
    }

    @Test
    void expiredTokenCloses4001() {
        String user = newId();
        TestSocket socket = TestSocket.open(port(), Tokens.expiringIn(user, 3));
        assertThat(socket.awaitClose(), is(4001));
    }

    @Test
    void renewedTokenKeepsTheSocketOpenPastTheFirstExpiry() {
        String user = newId();
        // long enough to renew on a loaded machine, short enough to outlive in the test
        java.time.Instant firstExpiry = java.time.Instant.now().plusSeconds(12);
        TestSocket socket = TestSocket.open(port(), Tokens.expiringIn(user, 12));
        JsonObject ok = socket.request("auth", d("token", Tokens.valid(user)));
        assertThat(ok.getString("op"), is("ok"));
        assertThat(java.time.Instant.parse(ok.getJsonObject("d").getString("expiresAt")).isAfter(firstExpiry), is(true));
        // the sweep runs every second: two seconds past the first expiry, a not-renewed socket would be gone
        await().atMost(Duration.ofSeconds(30))
                .until(() -> socket.isClosed() || java.time.Instant.now().isAfter(firstExpiry.plusSeconds(2)));
        assertThat(socket.isClosed(), is(false));
        socket.close();
    }

    @Test
    void tokenOfAnotherUserIsForbiddenAndTheSocketKeepsItsToken() {
        String user = newId();
        TestSocket socket = connect(user);
        JsonObject error = socket.request("auth", d("token", Tokens.valid(newId())));
        assertThat(error.getJsonObject("d").getString("code"), is("FORBIDDEN"));
        JsonObject invalid = socket.request("auth", d("token", Tokens.forged(user)));
        assertThat(invalid.getJsonObject("d").getString("code"), is("INVALID"));
        assertThat(socket.isClosed(), is(false));
        socket.close();
    }
}
