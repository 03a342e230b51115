package io.parley.system;

import io.parley.devstack.DevstackConfig;
import io.parley.system.ParleyStack.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The terminal client ({@code cli/target/parley-cli.jar}) in real pseudo-terminals against the real stack: two people
 * sign in through its prompts, chat through its screen alone, and the one whose gateway is killed and restarted gets
 * back every message sent meanwhile, once each and in order; the screen keeps its layout at 80x24.
 */
class TerminalClientTest {
    private static final Duration SHORT = Duration.ofSeconds(20);
    private static final String SERVER = "parley-st-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Path ROOT = DevstackConfig.findRoot(Path.of(System.getProperty("parley.root", "")));
    private static final Path OUT = ROOT.resolve("system-tests/target/terminal-client");

    @BeforeAll
    static void needsTmux() {
        TerminalScreen.assumeAvailable();
    }

    @AfterAll
    static void stopTmux() {
        TerminalScreen.killServer(SERVER);
    }

    @Test
    void twoPeopleChatInTerminalsAndTheOneWhoseGatewayRestartedMissesNothing() throws Exception {
        ParleyStack stack = ParleyStack.get();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String aliceName = "alice_" + run;
        String alicePassword = "pw-" + UUID.randomUUID();
        TestUser bob = stack.newUser("bob");
        String room = "room-" + run;
        String side = "side-" + run;
        Files.createDirectories(OUT);
        Path aliceConfig = Files.createTempDirectory(OUT, "alice-config");
        Path bobConfig = Files.createTempDirectory(OUT, "bob-config");
        Files.deleteIfExists(OUT.resolve("alice.trace"));
        Files.deleteIfExists(OUT.resolve("bob.trace"));

        // alice is on gateway B (the one restarted below), bob on gateway A
        try (TerminalScreen alice = TerminalScreen.start(SERVER, "alice", 120, 36, ROOT,
                "http://127.0.0.1:" + stack.port("gateway-b"), aliceConfig, OUT.resolve("alice.trace"));
                TerminalScreen bobScreen = TerminalScreen.start(SERVER, "bob", 120, 30, ROOT,
                        "http://127.0.0.1:" + stack.port("gateway-a"), bobConfig, OUT.resolve("bob.trace"))) {
            // sign-up in the client (alice) and sign-in (bob, registered over REST)
            alice.await("Username:", SHORT);
            alice.enter("new");
            alice.await("New username:", SHORT);
            alice.enter(aliceName);
            alice.await("Password:", SHORT);
            alice.enter(alicePassword);
            alice.await("Password again:", SHORT);
            alice.enter(alicePassword);
            signIn(bobScreen, bob);
            alice.await("● connected", SHORT);
            bobScreen.await("● connected", SHORT);

            // alice creates a private channel and invites bob; it appears in bob's list and he opens it
            alice.enter("/create " + room + " private");
            alice.await("the header names the new channel", s -> firstLine(s).contains("#" + room), SHORT);
            alice.enter("/invite " + bob.username());
            alice.await("invited " + bob.username(), SHORT);
            bobScreen.await("#" + room, SHORT);
            bobScreen.type("/join " + room.substring(0, 6));
            bobScreen.press("Tab"); // completes the channel's name
            bobScreen.press("Enter");
            bobScreen.await("bob's header names the channel", s -> firstLine(s).contains("#" + room), SHORT);

            // typing is seen before the message arrives; then messages both ways, wide characters included
            // (bob's subscription may still be on its way: alice goes on typing, as a person would, until he sees it)
            List<String> words = List.of("hello", " bob,", " the", " plan", " is", " ready");
            long typingDeadline = System.nanoTime() + SHORT.toNanos();
            int typed = 0;
            while (!statusLine(bobScreen.capture()).contains(aliceName + " is typing")) {
                if (System.nanoTime() > typingDeadline) {
                    throw new AssertionError("bob never saw alice typing:\n" + bobScreen.capture());
                }
                if (typed < words.size()) {
                    alice.type(words.get(typed++));
                } else {
                    alice.type(" "); // a key press that leaves the text as it is
                    alice.press("BSpace");
                }
                Thread.sleep(100); // the pace of typing, not a wait for the system
            }
            while (typed < words.size()) {
                alice.type(words.get(typed++));
            }
            alice.press("Enter");
            bobScreen.await(aliceName + ": hello bob, the plan is ready", SHORT);
            bobScreen.enter("/react 👍");
            alice.await("the reaction", s -> s.contains("👍 1"), SHORT);
            bobScreen.enter("great, 日本語 and 😀 work too");
            alice.await(bob.username() + ": great, 日本語 and 😀 work too", SHORT);
            alice.enter("/edit plan ready (v2)");
            bobScreen.await(aliceName + ": plan ready (v2) (edited)", SHORT);
            assertTrue(bobScreen.capture().contains(bob.username()), "bob is in the member list");

            // an unread count on a second channel, cleared once alice looks at it
            bobScreen.enter("/create " + side);
            bobScreen.await("bob's header names the side channel", s -> firstLine(s).contains("#" + side), SHORT);
            bobScreen.enter("/invite " + aliceName);
            bobScreen.await("invited " + aliceName, SHORT);
            alice.await("#" + side, SHORT);
            bobScreen.enter("first on the side");
            bobScreen.enter("second on the side");
            String unread = alice.await("an unread count of 2 beside #" + side,
                    s -> Pattern.compile("#" + side + " +2\\b").matcher(s).find(), SHORT);
            Files.writeString(OUT.resolve("alice-unread-120x36.txt"), unread);
            alice.enter("/join " + side);
            alice.await("the side channel's messages", s -> s.contains("second on the side"), SHORT);
            alice.await("no unread count left", s -> !Pattern.compile("#" + side + " +\\d").matcher(s).find()
                    && s.contains("#" + side), SHORT);
            alice.enter("/join " + room);
            alice.await("alice back in the room", s -> firstLine(s).contains("#" + room), SHORT);

            // a DM: bob opens it, alice gets it in her list with an unread count
            bobScreen.enter("/dm " + aliceName);
            bobScreen.await("bob's header names the DM", s -> firstLine(s).contains("@" + aliceName), SHORT);
            bobScreen.enter("psst, a private word");
            alice.await("the DM with its unread count", s -> Pattern.compile("@" + bob.username().substring(0, 10)
                    + "\\S* +1\\b").matcher(s).find(), SHORT);

            // presence: alice away, seen in bob's member list; then back
            bobScreen.enter("/join " + room);
            bobScreen.await("bob back in the room", s -> firstLine(s).contains("#" + room), SHORT);
            alice.enter("/away lunch");
            bobScreen.await("alice away in bob's member list", s -> s.contains("◐ " + aliceName), SHORT);
            alice.enter("/back");
            bobScreen.await("alice online again", s -> s.contains("● " + aliceName), SHORT);

            // a file: alice uploads one from a path, bob saves the attachment to a path, byte for byte
            Path upload = OUT.resolve("notes-" + run + ".txt");
            Files.writeString(upload, "minutes of the meeting, " + "多言語 ".repeat(200));
            alice.enter("/upload " + upload + " the minutes");
            Matcher file = Pattern.compile("\\[file\\] notes-" + run + "\\.txt \\([^)]*\\) ([0-9a-f]{8})")
                    .matcher(bobScreen.await("the attachment", s -> s.contains("[file] notes-" + run), SHORT));
            assertTrue(file.find());
            Path download = OUT.resolve("download-" + run + ".txt");
            bobScreen.enter("/download " + file.group(1) + " " + download);
            bobScreen.await("saved", SHORT);
            assertEquals(Files.readString(upload), Files.readString(download));

            // search finds alice's message in a panel; Esc closes it
            bobScreen.enter("/search minutes");
            bobScreen.await("the search hit", s -> s.contains("Search: minutes") && s.contains("the minutes"), SHORT);
            bobScreen.press("Escape");
            bobScreen.await("the conversation again", s -> !s.contains("Search: minutes"), SHORT);

            // alice's gateway dies; bob keeps writing; alice's client reconnects once it is back and misses nothing;
            // what alice writes meanwhile goes out once she is back, once
            stack.kill("gateway-b");
            List<String> missed = new ArrayList<>();
            String writtenAway = "written while my gateway was down " + run;
            try {
                alice.await("the connection lost", s -> statusLine(s).contains("reconnecting"), SHORT);
                alice.enter(writtenAway);
                alice.await("the message waiting", s -> statusLine(s).contains("1 message waiting to be sent"), SHORT);
                for (int i = 1; i <= 6; i++) {
                    String text = "while you were away " + i + " of 6";
                    missed.add(text);
                    bobScreen.enter(text);
                    bobScreen.await(bob.username() + ": " + text, SHORT);
                }
            } finally {
                stack.restart("gateway-b");
            }
            String recovered = alice.await("every missed message", s -> s.contains(missed.get(5))
                    && statusLine(s).contains("● connected"), Duration.ofSeconds(60));
            assertInOrderOnce(recovered, missed);
            String sentOnReturn = bobScreen.await(aliceName + ": " + writtenAway, SHORT);
            assertInOrderOnce(sentOnReturn, List.of(writtenAway));

            // and the conversation goes on both ways after the reconnect
            alice.enter("back again");
            bobScreen.await(aliceName + ": back again", SHORT);

            // 80x24: every part still there, every line within the width
            alice.resize(80, 24);
            String small = alice.await("the 80x24 layout", s -> s.lines().count() == 24
                    && s.lines().allMatch(l -> l.codePointCount(0, l.length()) <= 80)
                    && firstLine(s).contains("#" + room) && statusLine(s).contains("● connected")
                    && s.contains("back again"), SHORT);
            assertTrue(small.contains("members"), "the member list still shows at 80 columns:\n" + small);
            Files.writeString(OUT.resolve("alice-80x24.txt"), small);
            Files.writeString(OUT.resolve("bob-120x30.txt"), bobScreen.capture());

            // more than 1000 events while alice is away: her resubscribe is truncated, the view marks where messages
            // are missing, and /fill pages them in over REST, in order
            String roomId = channelId(stack.rest(), bob, room);
            stack.kill("gateway-b");
            int bulk = 1010;
            try {
                alice.await("the connection lost again", s -> statusLine(s).contains("reconnecting"), SHORT);
                try (WsClient writer = WsClient.connect(stack.port("gateway-a"), bob.token())) {
                    for (int from = 1; from <= bulk; from += 100) {
                        List<String> ids = new ArrayList<>();
                        for (int i = from; i < from + 100 && i <= bulk; i++) {
                            ids.add(writer.send("send", Chat.message(roomId, "bulk " + i + " of " + bulk,
                                    UUID.randomUUID().toString())));
                        }
                        for (String id : ids) {
                            assertEquals("ok", writer.reply(id).path("op").asText());
                        }
                    }
                }
            } finally {
                stack.restart("gateway-b");
            }
            alice.await("the missing messages marked", s -> s.contains("/fill loads them")
                    && statusLine(s).contains("● connected"), Duration.ofSeconds(60));
            assertFalse(alice.capture().contains("bulk " + bulk + " of"), "nothing of the gap is shown before /fill");
            alice.enter("/fill");
            String filled = alice.await("the newest missed messages after /fill", s -> s.contains("bulk " + bulk
                    + " of " + bulk) && !s.contains("/fill loads them"), SHORT);
            List<String> lastOnes = new ArrayList<>();
            for (int i = bulk - 5; i <= bulk; i++) {
                lastOnes.add("bulk " + i + " of " + bulk);
            }
            assertInOrderOnce(filled, lastOnes);

            // quitting restores the terminal; the password never showed; the refresh token is the owner's only
            alice.enter("/quit");
            alice.awaitExit(SHORT);
            String afterQuit = alice.capture();
            assertTrue(afterQuit.contains("Password:"), afterQuit);
            assertFalse(afterQuit.contains(alicePassword), "the password was echoed:\n" + afterQuit);
            Path credentials = aliceConfig.resolve("parley/credentials.json");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
            assertEquals("rwx------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(credentials.getParent())));

            // the next start needs no password
            alice.restartClient();
            alice.await("signed in again from the saved token", s -> statusLine(s).contains("● connected")
                    && !s.contains("Username:"), SHORT);

            // her session revoked from elsewhere (REST, as another device would): the client says so and stops
            // (the new session reaches session-service's list through Kafka: revoke what is listed until it was)
            TestUser aliceElsewhere = stack.login(aliceName, alicePassword);
            Rest rest = stack.rest();
            alice.await("the revoked screen", s -> {
                if (s.contains("This session was revoked") && s.contains("Press q to quit")) {
                    return true;
                }
                for (var session : rest.get("/api/sessions", aliceElsewhere.token()).body().path("sessions")) {
                    rest.delete("/api/sessions/" + session.path("id").asText(), aliceElsewhere.token());
                }
                return false;
            }, SHORT);
            alice.type("q");
            alice.awaitExit(SHORT);
        } finally {
            TerminalScreen.killServer(SERVER);
        }
    }

    @Test
    void theAccessTokenIsRenewedOnTheLiveSocketBeforeItExpires() throws Exception {
        ParleyStack stack = ParleyStack.get();
        int port = stack.defaultLimitsGateway(); // its auth-service issues access tokens for 15 s only
        TestUser carol = stack.newUser("carol");
        // a channel with more history than one page, written before her client starts
        Rest rest = stack.rest();
        String older = Chat.createChannel(rest, carol, "private");
        for (int i = 1; i <= 60; i++) {
            Rest.Response sent = rest.post("/api/channels/" + older + "/messages", carol.token(),
                    Chat.message(older, "old " + i + " of 60", UUID.randomUUID().toString()));
            assertEquals(201, sent.status(), sent.raw());
        }
        Files.createDirectories(OUT);
        Path trace = OUT.resolve("carol.trace");
        Files.deleteIfExists(trace);
        try (TerminalScreen screen = TerminalScreen.start(SERVER, "carol", 100, 30, ROOT, "http://127.0.0.1:" + port,
                Files.createTempDirectory(OUT, "carol-config"), trace)) {
            signIn(screen, carol);
            screen.await("● connected", SHORT);
            long signedIn = System.nanoTime();

            // scroll-back: the first page is the newest 50; PageUp at the top loads the older ones over REST
            screen.await("the newest page", s -> s.contains("old 60 of 60"), SHORT);
            assertFalse(screen.capture().contains("old 1 of 60"), "only the newest page is loaded at first");
            screen.pressUntil("PageUp", "the oldest message under the start of the channel",
                    s -> s.contains("old 1 of 60") && s.contains("the start of #"), SHORT);

            String channel = "renew-" + UUID.randomUUID().toString().substring(0, 6);
            screen.enter("/create " + channel);
            screen.await("the channel open", s -> firstLine(s).contains("#" + channel), SHORT);

            // past twice the token's lifetime: without renewal the gateway would have closed the socket 4001
            Duration twice = ParleyStack.SHORT_TOKEN_LIFETIME.multipliedBy(2).plusSeconds(2);
            screen.await("still connected after " + twice, s -> System.nanoTime() - signedIn > twice.toNanos()
                    && statusLine(s).contains("● connected"), twice.plus(SHORT));
            screen.enter("still here");
            screen.await("the message sent after the renewals", s -> s.contains(carol.username() + ":")
                    && s.contains("still here"), SHORT);

            String log = Files.readString(trace);
            assertFalse(log.contains("closed"), "the socket closed:\n" + log);
            assertEquals(1, Pattern.compile("\"op\":\"hello\"").matcher(log).results().count(),
                    "one socket all along");
            List<String> authIds = Pattern.compile("> \\{\"op\":\"auth\",\"id\":\"(c\\d+)\"").matcher(log)
                    .results().map(m -> m.group(1)).toList();
            assertTrue(authIds.size() >= 2, "renewed at least twice: " + authIds);
            // each answered ok (the last one may have gone out a moment ago: its answer is awaited)
            await().atMost(SHORT).until(() -> {
                String now = Files.readString(trace);
                return authIds.stream().allMatch(id -> now.contains("{\"op\":\"ok\",\"id\":\"" + id + "\""));
            });
            assertFalse(log.contains(carol.password()));

            // an admin bans her: the gateway closes the socket 4003 and the client says so instead of reconnecting
            TestUser admin = stack.login(stack.adminUsername, stack.adminPassword);
            assertEquals(204, rest.post("/api/auth/users/" + carol.id() + "/ban", admin.token(),
                    java.util.Map.of()).status());
            screen.await("the banned screen", s -> s.contains("Your account is banned")
                    && s.contains("Press q to quit"), SHORT);
        }
    }

    /**
     * A renewal refused because the refresh token was revoked (here: a password change on another device) leaves the
     * live socket alone: had it been a ban, its 4003 would be a moment behind, and the banned screen must not be
     * hidden behind "signed out". The client says "signed out" once the gateway closes the socket 4001 at the access
     * token's expiry and that renewal is refused too.
     */
    @Test
    void aRenewalRefusedWhileTheSocketIsLiveWaitsForTheSocketToSayWhy() throws Exception {
        ParleyStack stack = ParleyStack.get();
        int port = stack.defaultLimitsGateway(); // access tokens for 15 s
        TestUser dave = stack.newUser("dave");
        Files.createDirectories(OUT);
        Path trace = OUT.resolve("dave.trace");
        Files.deleteIfExists(trace);
        try (TerminalScreen screen = TerminalScreen.start(SERVER, "dave", 100, 30, ROOT, "http://127.0.0.1:" + port,
                Files.createTempDirectory(OUT, "dave-config"), trace)) {
            signIn(screen, dave);
            screen.await("● connected", SHORT);

            Rest.Response changed = stack.rest().post("/api/auth/password", dave.token(),
                    java.util.Map.of("currentPassword", dave.password(), "newPassword", dave.password() + "-new"));
            assertEquals(204, changed.status(), changed.raw());

            screen.await("the signed-out screen", s -> s.contains("You were signed out")
                    && s.contains("Press q to quit"), ParleyStack.SHORT_TOKEN_LIFETIME.multipliedBy(2).plus(SHORT));
            String log = Files.readString(trace);
            assertTrue(log.contains("closed 4001"), "the socket lived until the gateway closed it at expiry:\n" + log);
        }
    }

    /** The id of one of the member's channels, by name, over REST. */
    private static String channelId(Rest rest, TestUser member, String name) {
        for (var channel : rest.get("/api/channels", member.token()).body().path("channels")) {
            if (name.equals(channel.path("name").asText())) {
                return channel.path("id").asText();
            }
        }
        throw new AssertionError(member.username() + " is not in " + name);
    }

    private static String firstLine(String screen) {
        return screen.lines().findFirst().orElse("");
    }

    /** The status line: the one above the input line. */
    private static String statusLine(String screen) {
        List<String> lines = screen.lines().toList();
        for (int i = lines.size() - 1; i > 0; i--) {
            if (lines.get(i).startsWith(">")) {
                return lines.get(i - 1);
            }
        }
        return "";
    }

    /** Answers the client's sign-in prompts with a registered user's username and password. */
    private static void signIn(TerminalScreen screen, TestUser user) throws Exception {
        screen.await("Username:", SHORT);
        screen.enter(user.username());
        screen.await("Password:", SHORT);
        screen.enter(user.password());
    }

    private static void assertInOrderOnce(String screen, List<String> texts) {
        int at = -1;
        for (String text : texts) {
            Matcher m = Pattern.compile(Pattern.quote(text)).matcher(screen);
            int count = 0;
            int first = -1;
            while (m.find()) {
                count++;
                if (first < 0) {
                    first = m.start();
                }
            }
            assertEquals(1, count, "'" + text + "' shown " + count + " times:\n" + screen);
            assertTrue(first > at, "'" + text + "' out of order:\n" + screen);
            at = first;
        }
    }
}
