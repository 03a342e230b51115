package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web client in a real browser: two people, one on each gateway, chat through the page alone, and the one whose
 * socket the server closes recovers every message sent meanwhile, exactly once and in order.
 */
class WebClientTest {

    private static final Path SCREENSHOTS = Path.of("target", "web-client");

    @BeforeAll
    static void needsChromium() {
        ChatBrowser.assumeAvailable();
    }

    @Test
    void twoPeopleChatInTheBrowserAndTheOneWhoseSocketClosedMissesNothing() throws Exception {
        ParleyStack stack = ParleyStack.get();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String password = "pw-" + UUID.randomUUID();
        String channel = "launch-" + run;
        try (ChatBrowser alice = ChatBrowser.open(stack.port("gateway-a"), "alice_" + run);
                ChatBrowser bob = ChatBrowser.open(stack.port("gateway-b"), "bob_" + run)) {
            alice.register(password, "Alice Martin");
            bob.register(password, "Bob Chen");

            alice.createChannel("general-" + run, "Company-wide news", false);
            alice.createChannel(channel, "Planning the v1 launch", true);
            alice.invite(bob.username);
            bob.awaitChannel(channel);

            alice.send("Hi @" + bob.username + ", welcome to the launch channel!");
            alice.send("The release notes draft is ready for review.");
            bob.awaitUnread(channel, 2);

            bob.openChannel(channel);
            bob.awaitMessage("The release notes draft is ready for review.");
            bob.typeDraft("Looks good");
            alice.awaitTyping("Bob Chen is typing");
            bob.send(", I will add the changelog tonight.");
            alice.awaitMessage("Looks good, I will add the changelog tonight.");
            bob.react("The release notes draft is ready for review.", "👍");
            alice.awaitReaction("👍", 1);

            alice.attach(dashboardImage());
            alice.send("Here is the new dashboard");
            alice.awaitThumbnail();
            bob.awaitThumbnail();

            alice.startDm(bob.username);
            alice.send("Quick question about the deploy window, ping me when free.");
            bob.awaitChannel("Alice Martin");
            bob.awaitUnread("Alice Martin", 1);
            bob.openChannel("Alice Martin");
            bob.awaitMessage("Quick question about the deploy window, ping me when free.");
            bob.openChannel(channel);
            alice.openChannel(channel);

            List<String> missed = List.of("Deploy window is Thursday 10:00 UTC.", "QA signed off on the mobile build.",
                    "Docs are merged.", "Marketing post is scheduled.", "Last call for blockers!");
            List<String> before = bob.messageTexts();
            // the server closes Bob's socket: gateway B shuts down (close 1001) and comes back later
            Optional<ProcessHandle> gatewayB = process(stack, "gateway-b");
            assumeTrue(gatewayB.isPresent(), "gateway B's process is not known");
            boolean restarted = false;
            try {
                gatewayB.get().destroy();
                gatewayB.get().onExit().get();
                bob.awaitReconnecting();
                missed.forEach(alice::send);
                // more than the 1000 events a subscribe replays: Bob's socket is told `truncated` for the DM
                String token = stack.login(alice.username, password).token();
                String dm = dmId(stack, token);
                postMany(stack, token, dm, 1001);
                for (String text : missed) {
                    alice.awaitMessage(text);
                }
                stack.restart("gateway-b");
                restarted = true;
            } finally {
                if (!restarted) {
                    stack.restart("gateway-b");
                }
            }
            bob.awaitConnected();
            bob.awaitMessage(missed.get(missed.size() - 1));

            List<String> expected = new ArrayList<>(before);
            expected.addAll(missed);
            assertEquals(expected, bob.messageTexts(), "Bob sees every message once, in order, after reconnecting");
            List<Long> seqs = bob.messageSeqs();
            for (int i = 1; i < seqs.size(); i++) {
                assertTrue(seqs.get(i) > seqs.get(i - 1), "messages in seq order: " + seqs);
            }
            alice.screenshot(SCREENSHOTS.resolve("alice.png"));
            bob.screenshot(SCREENSHOTS.resolve("bob.png"));

            // the DM missed more than a subscribe replays: the page of history was loaded again, newest first
            bob.awaitUnread("Alice Martin", 1001);
            bob.openChannel("Alice Martin");
            String token = stack.login(bob.username, password).token();
            List<String> newest = new ArrayList<>();
            stack.rest().get("/api/channels/" + dmId(stack, token) + "/messages?limit=50", token).body()
                    .path("messages").forEach(m -> newest.add(m.path("text").asText()));
            bob.awaitMessage(newest.get(newest.size() - 1));
            assertEquals(newest, bob.messageTexts(), "Bob's DM shows the newest page after a truncated resubscribe");
        }
    }

    private static String dmId(ParleyStack stack, String token) {
        for (JsonNode channel : stack.rest().get("/api/channels", token).body().path("channels")) {
            if ("dm".equals(channel.path("type").asText())) {
                return channel.path("id").asText();
            }
        }
        throw new AssertionError("no DM");
    }

    /** Posts messages over REST from a few threads at once (their order does not matter here). */
    private static void postMany(ParleyStack stack, String token, String channelId, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Rest rest = stack.rest();
            List<Future<Rest.Response>> posted = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                Map<String, String> body = Map.of("text", "Backlog item " + i,
                        "clientMsgId", UUID.randomUUID().toString());
                posted.add(pool.submit(() -> rest.post("/api/channels/" + channelId + "/messages", token, body)));
            }
            for (Future<Rest.Response> response : posted) {
                assertEquals(201, response.get().status(), response.get().raw());
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The process of one of the stack's services, from the pid file the devstack keeps for it. */
    private static Optional<ProcessHandle> process(ParleyStack stack, String name) throws Exception {
        Path pidFile = stack.config.home().resolve("run").resolve("st-" + name + ".pid");
        return Files.isRegularFile(pidFile)
                ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())) : Optional.empty();
    }

    /** A small PNG that looks like a chart, so the thumbnail in the screenshot reads as a picture. */
    private static Path dashboardImage() throws Exception {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(0xEEF2FF), 0, 360, Color.WHITE));
        g.fillRect(0, 0, 640, 360);
        int[] bars = {120, 180, 150, 240, 210, 290, 260};
        for (int i = 0; i < bars.length; i++) {
            g.setColor(new Color(79, 70, 229, 150 + i * 15));
            g.fillRoundRect(50 + i * 80, 330 - bars[i], 50, bars[i], 10, 10);
        }
        g.setColor(new Color(0x1F2330));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 24));
        g.drawString("Weekly active users", 40, 44);
        g.dispose();
        Path file = Files.createTempFile("dashboard-", ".png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
