package io.parley.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real WebRTC call through the web client (issue 23): two headless Chromium pages, one on each gateway, with fake
 * microphones and cameras, connect using nothing but Parley's signalling (call.join, call.signal relayed between the
 * gateways through Kafka; no STUN or TURN: host candidates on this machine), audio flows both ways, a camera turned on
 * shows on the other page, and a participant who leaves disappears from the other's call bar. Then a DM call rings on
 * the callee's page and is joined from its notice.
 */
class CallsWebRtcTest {

    private static final Path SCREENSHOTS = Path.of("target", "web-client");

    @BeforeAll
    static void needsChromium() {
        ChatBrowser.assumeAvailable();
    }

    @Test
    void twoBrowsersCallThroughParleysSignallingWithAudioFlowingUntilOneLeavesAndADmCallRings() throws Exception {
        ParleyStack stack = ParleyStack.get();
        Rest rest = stack.rest();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String password = "pw-" + UUID.randomUUID();
        ParleyStack.TestUser alice = register(stack, "alice_" + run, password, "Alice Martin");
        ParleyStack.TestUser bob = register(stack, "bob_" + run, password, "Bob Chen");
        String channel = "standup-" + run;
        Rest.Response created = rest.post("/api/channels", alice.token(),
                Map.of("name", channel, "topic", "Daily standup, 9:30", "visibility", "private"));
        assertEquals(201, created.status(), created.raw());
        String channelId = created.body().path("id").asText();
        Rest.Response invited = rest.post("/api/channels/" + channelId + "/members", alice.token(), Map.of("userId", bob.id()));
        assertTrue(invited.status() / 100 == 2, invited.raw());
        for (String text : List.of("Morning! Standup call in two minutes.", "Joining from the train, audio only.")) {
            Rest.Response sent = rest.post("/api/channels/" + channelId + "/messages", alice.token(),
                    Map.of("text", text, "clientMsgId", UUID.randomUUID().toString()));
            assertEquals(201, sent.status(), sent.raw());
        }
        Rest.Response dm = rest.post("/api/dms", alice.token(), Map.of("userId", bob.id()));
        assertEquals(201, dm.status(), dm.raw());
        String dmId = dm.body().path("id").asText();

        try (CallBrowser a = new CallBrowser(stack.port("gateway-a"), alice.username());
                CallBrowser b = new CallBrowser(stack.port("gateway-b"), bob.username())) {
            a.signIn(password);
            b.signIn(password);
            a.openChannel(channel);
            b.openChannel(channel);

            a.await("the header's call button", () -> a.callButton().equals("📞 Call"));
            a.click(By.id("call-start"));
            a.await("Alice alone in her call", () -> a.callTiles().equals(List.of(alice.id() + ":me")));
            b.await("Join call · 1 in Bob's header", () -> b.callButton().equals("📞 Join call · 1"));
            b.click(By.id("call-start"));

            // Bob, the newer one, offers; both reach connected over host candidates, signalled through two gateways
            for (CallBrowser page : List.of(a, b)) {
                page.await("a connected peer connection", () -> page.connectionStates().equals(List.of("connected")));
            }
            a.await("Bob connected in Alice's bar", () -> a.callTiles().equals(List.of(alice.id() + ":me", bob.id() + ":connected")));
            b.await("Alice connected in Bob's bar", () -> b.callTiles().equals(List.of(bob.id() + ":me", alice.id() + ":connected")));
            for (CallBrowser page : List.of(a, b)) {
                long before = page.audioBytesReceived().get(0);
                page.await("audio bytes received growing past " + before, () -> page.audioBytesReceived().get(0) > before);
            }

            // Bob's camera on: a replaceTrack on the video sender, and Alice's page plays his picture
            b.click(By.id("call-camera"));
            a.await("Bob's video in Alice's call bar", () -> a.showsVideoOf(bob.id()));
            a.click(By.id("call-mute"));
            a.await("Alice shown muted", () -> a.callTiles().size() == 2 && a.mutedShown());
            a.screenshot(SCREENSHOTS.resolve("calls.png"));

            b.click(By.id("call-leave"));
            b.await("Bob's call bar gone", () -> !b.callBarShown());
            a.await("Bob gone from Alice's call", () -> a.callTiles().equals(List.of(alice.id() + ":me"))
                    && a.connectionStates().isEmpty());
            a.click(By.id("call-leave"));
            b.await("no call going on in Bob's header", () -> b.callButton().equals("📞 Call"));

            // a DM call rings on the other person's page, and its notice joins it
            a.openChannel("Bob Chen");
            a.click(By.id("call-start"));
            b.await("the incoming-call notice", () -> "Alice Martin".equals(b.incomingCallFrom(dmId)));
            b.click(By.id("incoming-call-join"));
            for (CallBrowser page : List.of(a, b)) {
                page.await("a connected DM call", () -> page.connectionStates().equals(List.of("connected")));
            }
            b.await("the notice gone once joined", () -> b.incomingCallFrom(dmId) == null);
            b.await("the DM open at Bob's", () -> b.openChannelTitle().contains("Alice Martin"));
        }
    }

    private static ParleyStack.TestUser register(ParleyStack stack, String username, String password, String displayName) {
        Rest.Response registered = stack.rest().post("/api/auth/register", null,
                Map.of("username", username, "password", password, "displayName", displayName));
        assertEquals(201, registered.status(), registered.raw());
        return stack.login(username, password);
    }
}
