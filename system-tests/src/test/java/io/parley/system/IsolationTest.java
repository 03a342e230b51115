package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.system.ParleyStack.TestUser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guarantee 5: nothing of a private channel reaches a non-member; a banned user is cut off. */
class IsolationTest {

    private final ParleyStack stack = ParleyStack.get();
    private final Rest rest = stack.rest();

    @Test
    void aNonMemberGetsNoEventHistorySearchHitOrSubscriptionOfAPrivateChannel() throws Exception {
        TestUser owner = stack.newUser("owner");
        TestUser member = stack.newUser("member");
        TestUser outsider = stack.newUser("outsider");
        String channel = Chat.createChannel(rest, owner, "private");
        Chat.invite(rest, owner, channel, member);
        String secret = "secret" + UUID.randomUUID().toString().replace("-", "");

        try (WsClient ownerSocket = WsClient.connect(stack.port("gateway-a"), owner.token());
                WsClient memberSocket = WsClient.connect(stack.port("gateway-b"), member.token());
                WsClient outsiderSocket = WsClient.connect(stack.port("gateway-b"), outsider.token())) {
            memberSocket.call("subscribe", Map.of("channelId", channel));
            JsonNode refused = outsiderSocket.reply(outsiderSocket.send("subscribe", Map.of("channelId", channel)));
            assertEquals("NOT_FOUND", refused.path("d").path("code").asText(), refused.toString());

            ownerSocket.call("send", Chat.message(channel, "the " + secret + " plan", UUID.randomUUID().toString()));
            memberSocket.await(f -> "message.created".equals(f.path("t").asText()), Duration.ofSeconds(30));
            // the member on the same gateway got it: a ping round trip later, the outsider would have it too
            String ping = outsiderSocket.send("ping", Map.of());
            outsiderSocket.await(f -> "pong".equals(f.path("op").asText()) && ping.equals(f.path("id").asText()),
                    Duration.ofSeconds(10));
            assertTrue(outsiderSocket.frames().stream().noneMatch(f -> f.toString().contains(secret)),
                    "no frame with the private text reached the outsider");
        }

        assertEquals(404, rest.get("/api/channels/" + channel + "/messages", outsider.token()).status());
        assertEquals(404, rest.get("/api/channels/" + channel, outsider.token()).status());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                rest.get("/api/search?q=" + secret, member.token()).body().path("messages").size() == 1);
        Rest.Response outsiderSearch = rest.get("/api/search?q=" + secret, outsider.token());
        assertEquals(200, outsiderSearch.status());
        assertEquals(0, outsiderSearch.body().path("messages").size(), outsiderSearch.raw());
    }

    @Test
    void aBannedUsersSocketsCloseWith4003AndLoginIsRefused() throws Exception {
        TestUser admin = stack.login(stack.adminUsername, stack.adminPassword);
        TestUser banned = stack.newUser("banned");
        try (WsClient socket = WsClient.connect(stack.port("gateway-b"), banned.token())) {
            Rest.Response ban = rest.post("/api/auth/users/" + banned.id() + "/ban", admin.token(), Map.of());
            assertEquals(204, ban.status(), ban.raw());
            assertEquals(4003, socket.awaitClose(Duration.ofSeconds(30)));
        }
        Rest.Response login = rest.post("/api/auth/login", null,
                Map.of("username", banned.username(), "password", banned.password()));
        assertNotEquals(200, login.status());
        assertEquals(403, rest.get("/api/channels", banned.token()).status(), "a still-valid token is refused");
    }
}
