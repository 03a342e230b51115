package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web client's remaining features in a real browser, each driven through the page and the public REST API only:
 * edit and delete, search, older pages on scrolling up, the rate limit, and the three close codes that end a session.
 */
class WebClientMoreTest {

    private final ParleyStack stack = ParleyStack.get();
    private final Rest rest = stack.rest();
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final String password = "pw-" + UUID.randomUUID();

    @BeforeAll
    static void needsChromium() {
        ChatBrowser.assumeAvailable();
    }

    @Test
    void editAndDeleteOfOwnMessagesShowForEveryone() throws Exception {
        String channel = "edits-" + run;
        try (ChatBrowser alice = ChatBrowser.open(stack.port("gateway-a"), "alice_e" + run);
                ChatBrowser bob = ChatBrowser.open(stack.port("gateway-b"), "bob_e" + run)) {
            alice.register(password, "Alice Edits");
            bob.register(password, "Bob Edits");
            alice.createChannel(channel, "Edits and deletions", true);
            alice.invite(bob.username);
            bob.awaitChannel(channel);
            bob.openChannel(channel);

            alice.send("The meeting is on Tusday.");
            alice.send("Wrong channel, sorry!");
            alice.send("See you there.");
            bob.awaitMessage("See you there.");

            alice.edit("The meeting is on Tusday.", "The meeting is on Tuesday.");
            alice.delete("Wrong channel, sorry!");
            List<String> expected = List.of("The meeting is on Tuesday.", "This message was deleted.",
                    "See you there.");
            for (ChatBrowser person : List.of(alice, bob)) {
                person.await("the edit and the deletion", () -> person.messageTexts().equals(expected));
                assertTrue(person.shownEdited("The meeting is on Tuesday."), "marked (edited) for " + person.username);
            }
        }
    }

    @Test
    void searchFindsAMessageInAnyOfOnesChannelsAndOpensIt() throws Exception {
        String word = "zebra" + run.replaceAll("[^a-z]", "");
        try (ChatBrowser carol = ChatBrowser.open(stack.port("gateway-a"), "carol_s" + run)) {
            carol.register(password, "Carol Search");
            String token = stack.login(carol.username, password).token();
            String first = createChannel(token, "first-" + run);
            String second = createChannel(token, "second-" + run);
            post(token, first, "Nothing to see here");
            post(token, second, "The " + word + " report is attached");
            carol.awaitChannel("second-" + run);
            carol.openChannel("first-" + run);

            assertEquals(List.of("The " + word + " report is attached"), carol.search(word));
            carol.openSearchHit(word);
            carol.await("the hit's channel to open", () -> carol.openChannelTitle().contains("second-" + run));
            carol.awaitMessage("The " + word + " report is attached");
            assertEquals(List.of(), carol.search("nothingmatches" + run.replaceAll("[^a-z]", "")));
        }
    }

    @Test
    void olderPagesAppearOnScrollingUpWithoutGapsOrDuplicates() throws Exception {
        try (ChatBrowser dave = ChatBrowser.open(stack.port("gateway-a"), "dave_h" + run)) {
            dave.register(password, "Dave History");
            String token = stack.login(dave.username, password).token();
            String channel = createChannel(token, "history-" + run);
            List<String> texts = IntStream.rangeClosed(1, 130).mapToObj(i -> String.format("Message %03d", i)).toList();
            texts.forEach(text -> post(token, channel, text));

            dave.awaitChannel("history-" + run);
            dave.openChannel("history-" + run);
            dave.awaitMessage("Message 130");
            List<String> firstPage = dave.messageTexts();
            assertEquals(texts.subList(texts.size() - firstPage.size(), texts.size()), firstPage, "the newest page");
            assertTrue(firstPage.size() < texts.size() && !dave.showsBeginning(), "only the newest page at first");

            dave.scrollToBeginning();
            assertEquals(texts, dave.messageTexts(), "every message once, in order, after scrolling up");
            List<Long> seqs = dave.messageSeqs();
            for (int i = 1; i < seqs.size(); i++) {
                assertTrue(seqs.get(i) == seqs.get(i - 1) + 1, "consecutive seqs: " + seqs);
            }
        }
    }

    @Test
    void aBannedUserSeesThatTheAccountWasBanned() throws Exception {
        sessionEndedByTheServer(stack.port("gateway-b"), "erin_b", (erin, user) -> {
            String admin = stack.login(stack.adminUsername, stack.adminPassword).token();
            Rest.Response ban = rest.post("/api/auth/users/" + user.id() + "/ban", admin, Map.of());
            assertEquals(204, ban.status(), ban.raw());
        }, 4003, "Your account has been banned");
    }

    @Test
    void aRevokedSessionSeesThatItWasSignedOutElsewhere() throws Exception {
        sessionEndedByTheServer(stack.port("gateway-a"), "frank_r", (frank, user) -> {
            List<String> sessions = new ArrayList<>();
            frank.await("the browser's session in GET /api/sessions", () -> {
                sessions.clear();
                rest.get("/api/sessions", user.token()).body().path("sessions")
                        .forEach(s -> sessions.add(s.path("id").asText()));
                return sessions.size() == 1;
            });
            Rest.Response revoked = rest.delete("/api/sessions/" + sessions.get(0), user.token());
            assertEquals(204, revoked.status(), revoked.raw());
        }, 4009, "Signed out elsewhere");
    }

    /**
     * Gateway C's auth-service issues access tokens for 15 s; once the refresh tokens are revoked (a password change
     * elsewhere), the page can no longer renew and must say that the session expired.
     */
    @Test
    void aSessionThatCanNoLongerBeRenewedSeesThatItExpired() throws Exception {
        sessionEndedByTheServer(stack.defaultLimitsGateway(), "grace_x", (grace, user) -> {
            Rest.Response changed = rest.post("/api/auth/password", user.token(),
                    Map.of("currentPassword", password, "newPassword", password + "-new"));
            assertEquals(204, changed.status(), changed.raw());
        }, 4001, "Your session expired");
    }

    /** What a test does to end someone's session, as that person's own REST login or the admin. */
    private interface SessionEnd {
        void end(ChatBrowser browser, ParleyStack.TestUser user) throws Exception;
    }

    /** A person signs in and chats; the server ends the session; the page shows why, and leads back to sign-in. */
    private void sessionEndedByTheServer(int gatewayPort, String name, SessionEnd action, int closeCode, String title)
            throws Exception {
        try (ChatBrowser person = ChatBrowser.open(gatewayPort, name + run)) {
            person.register(password, name);
            person.createChannel("before-" + name + run, "", false);
            action.end(person, stack.login(person.username, password));
            assertEquals(title, person.awaitEnded(closeCode));
            person.signInAgainFromEnded();
        }
    }

    /**
     * Gateway C keeps the default limits (send 10 per second, burst 20, per user). Henry's own second client (a bare
     * socket) spends his burst with 20 sends; at once two messages are written in each of 25 channels. The page sends
     * each channel's messages one after another (their order) and the channels side by side, at most 8 unanswered
     * at a time, into the empty bucket, so its first sends are refused whatever the machine's speed. It gets
     * RATE_LIMITED, says so, waits the retryAfterMs and paces the rest, so that the gateway never closes the socket
     * for abuse (4029, more than 10 RATE_LIMITED in 10 s), however the answers bunch up (unbounded, a slow machine
     * that answered the first 20 sends together once let the page send 20 more at once into an empty bucket). Every
     * message arrives once, in the order written.
     */
    @Test
    void sendingFasterThanTheRateLimitWaitsAndDeliversEverythingOnceInOrder() throws Exception {
        try (ChatBrowser henry = ChatBrowser.open(stack.defaultLimitsGateway(), "henry_l" + run)) {
            henry.register(password, "Henry Limits");
            String token = stack.login(henry.username, password).token();
            Map<String, List<String>> texts = new LinkedHashMap<>();
            Map<String, String> ids = new LinkedHashMap<>();
            for (int c = 1; c <= 25; c++) {
                String name = "fast-" + c + "-" + run;
                ids.put(name, createChannel(token, name));
                texts.put(name, List.of("First note in " + name, "Second note in " + name));
            }
            texts.keySet().forEach(henry::awaitChannel);
            henry.recordNoticesAndBanner();
            String elsewhere = createChannel(token, "elsewhere-" + run);
            try (WsClient other = WsClient.connect(stack.defaultLimitsGateway(), token)) {
                List<String> spent = new ArrayList<>();
                for (int i = 1; i <= 20; i++) {
                    spent.add(other.send("send", Map.of("channelId", elsewhere, "text", "burst " + i,
                            "clientMsgId", UUID.randomUUID().toString())));
                }
                henry.sendAllAtOnce(texts);
                for (String id : spent) { // the burst's sends are stored, or refused if the page's came first
                    JsonNode reply = other.reply(id);
                    assertTrue("ok".equals(reply.path("op").asText())
                            || "RATE_LIMITED".equals(reply.path("d").path("code").asText()), reply.toString());
                }
            }
            henry.await("a RATE_LIMITED answer", () -> henry.recordedNotices().stream()
                    .anyMatch(n -> n.startsWith("Sending too fast")));

            for (String name : texts.keySet()) {
                henry.await("both messages of " + name + " stored",
                        () -> storedTexts(token, ids.get(name)).size() >= 2);
                assertEquals(texts.get(name), storedTexts(token, ids.get(name)), "once each, in order, in " + name);
            }
            for (String name : List.of("fast-1-" + run, "fast-25-" + run)) {
                henry.openChannel(name);
                henry.await("the messages of " + name + " confirmed", () -> henry.messageTexts().size() == 2
                        && henry.messageRowCount() == 2);
                assertEquals(texts.get(name), henry.messageTexts(), "on screen once each, in order");
            }
            System.out.println("notices shown while sending fast: " + henry.recordedNotices()
                    + "; reconnecting banner shown " + henry.bannerShownCount() + " times");
            assertTrue(henry.consoleLines().stream().noneMatch(line -> line.contains("socket closed (4029)")),
                    "never closed for abuse (4029): " + henry.diagnostics());
        }
    }

    private List<String> storedTexts(String token, String channelId) {
        List<String> stored = new ArrayList<>();
        rest.get("/api/channels/" + channelId + "/messages?limit=100", token).body().path("messages")
                .forEach(m -> stored.add(m.path("text").asText()));
        return stored;
    }

    private String createChannel(String token, String name) {
        Rest.Response created = rest.post("/api/channels", token, Map.of("name", name, "visibility", "private"));
        assertEquals(201, created.status(), created.raw());
        return created.body().path("id").asText();
    }

    private void post(String token, String channelId, String text) {
        Rest.Response posted = rest.post("/api/channels/" + channelId + "/messages", token,
                Map.of("text", text, "clientMsgId", UUID.randomUUID().toString()));
        assertEquals(201, posted.status(), posted.raw());
    }
}
