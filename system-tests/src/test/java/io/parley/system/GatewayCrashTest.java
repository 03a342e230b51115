package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.system.ParleyStack.TestUser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A crashed gateway: its sessions expire, its users go offline after the grace period, and they recover elsewhere. */
class GatewayCrashTest {

    private final ParleyStack stack = ParleyStack.get();
    private final Rest rest = stack.rest();

    @Test
    void usersOfAKilledGatewayGoOfflineAndRecoverOnTheOtherInstance() throws Exception {
        TestUser stranded = stack.newUser("stranded");
        TestUser watcher = stack.newUser("watcher");
        String channel = Chat.createChannel(rest, stranded, "public");
        try (WsClient watching = WsClient.connect(stack.port("gateway-a"), watcher.token())) {
            WsClient onB = WsClient.connect(stack.port("gateway-b"), stranded.token());
            // session.opened reaches session-service through Kafka: online once it has been registered
            await().atMost(Duration.ofSeconds(30)).until(() -> "online".equals(rest.get("/api/presence?userIds="
                    + stranded.id(), watcher.token()).body().path("presence").path(0).path("status").asText()));
            JsonNode watched = watching.call("presence.watch", Map.of("userIds", List.of(stranded.id())));
            assertEquals("online", watched.path("presence").get(0).path("status").asText(), watched.toString());

            stack.kill("gateway-b");
            try {
                watching.await(f -> "presence.updated".equals(f.path("t").asText())
                        && stranded.id().equals(f.path("d").path("userId").asText())
                        && "offline".equals(f.path("d").path("status").asText()), Duration.ofSeconds(90));
                Rest.Response presence = rest.get("/api/presence?userIds=" + stranded.id(), watcher.token());
                assertEquals("offline", presence.body().path("presence").get(0).path("status").asText(),
                        presence.raw());
                assertEquals(0, rest.get("/api/sessions", stranded.token()).body().path("sessions").size());

                try (WsClient onA = WsClient.connect(stack.port("gateway-a"), stranded.token())) {
                    onA.call("subscribe", Map.of("channelId", channel, "sinceSeq", 0));
                    onA.call("send", Chat.message(channel, "back again", UUID.randomUUID().toString()));
                }
            } finally {
                onB.abort();
                stack.restart("gateway-b");
            }
        }
    }
}
