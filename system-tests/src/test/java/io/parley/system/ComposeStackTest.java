package io.parley.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.system.ParleyStack.TestUser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The Docker Compose stack (docker-compose.yml) as a client sees it, from outside the containers: only the gateway's
 * published port. Runs only when asked, by deploy/compose-test.sh test, in two phases around a `docker-compose down`
 * and `up` (data volumes kept):
 * <ul>
 *   <li>{@code -Dparley.compose.phase=before}: register, log in, create a channel, send over the WebSocket and receive
 *   on a second socket, upload a file and download it, the web client's page, an admin bans a user; what it made is
 *   written to the state file ({@code parley.compose.state});</li>
 *   <li>{@code -Dparley.compose.phase=after}: the users, the messages, the ban (in the login and in the ban list the
 *   services read from Kafka's compacted auth.users) and the file are all still there, and the chat goes on.</li>
 * </ul>
 * Without {@code -Dparley.compose.url} (every normal {@code ./mvnw verify}) nothing here runs. The address is
 * {@code http://127.0.0.1:PORT} (the clients of this module talk to the loopback).
 */
@EnabledIfSystemProperty(named = "parley.compose.url", matches = "http://127\\.0\\.0\\.1:\\d+/?")
class ComposeStackTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration EVENTUALLY = Duration.ofSeconds(60);

    private final URI base = URI.create(System.getProperty("parley.compose.url").replaceFirst("/$", ""));
    private final int port = base.getPort();
    private final Rest rest = new Rest(port);
    private final Path stateFile = Path.of(System.getProperty("parley.compose.state", "target/compose-test-state.properties"));
    private final String adminUsername = System.getProperty("parley.compose.admin.username", "");
    private final String adminPassword = System.getProperty("parley.compose.admin.password", "");

    @Test
    @EnabledIfSystemProperty(named = "parley.compose.phase", matches = "before")
    void aFreshStackServesEveryPathOfAClient() throws Exception {
        assertWebClientLoads();

        String run = UUID.randomUUID().toString().substring(0, 8);
        TestUser alice = register("alice_" + run);
        TestUser bob = register("bob_" + run);
        TestUser mallory = register("mallory_" + run);

        String channel = Chat.createChannel(rest, alice, "public");
        Chat.join(rest, bob, channel);

        byte[] content = ("Parley compose test " + run + "\n").repeat(2000).getBytes(StandardCharsets.UTF_8);
        JsonNode uploaded = upload(alice, "compose-" + run + ".txt", content);
        String fileId = uploaded.path("id").asText();
        assertEquals(sha256(content), uploaded.path("sha256").asText(), uploaded.toString());
        assertArrayEquals(content, download(alice, fileId), "the uploader downloads the same bytes");

        String text = "hello over compose " + run;
        long seq;
        try (WsClient aliceSocket = WsClient.connect(port, alice.token());
             WsClient bobSocket = WsClient.connect(port, bob.token())) {
            aliceSocket.call("subscribe", Map.of("channelId", channel));
            bobSocket.call("subscribe", Map.of("channelId", channel));
            // chat-service learns of the file through Kafka (media.events): until then the attachment is INVALID
            Map<String, Object> send = Map.of("channelId", channel, "text", text, "clientMsgId", "c-" + run,
                    "attachments", List.of(fileId));
            JsonNode sent = await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(500))
                    .until(() -> aliceSocket.reply(aliceSocket.send("send", send)),
                            reply -> "ok".equals(reply.path("op").asText())
                                    || !"INVALID".equals(reply.path("d").path("code").asText()));
            assertEquals("ok", sent.path("op").asText(), "send with the attachment: " + sent);
            seq = sent.path("d").path("seq").asLong();
            JsonNode received = bobSocket.await(f -> "event".equals(f.path("op").asText())
                    && "message.created".equals(f.path("t").asText())
                    && text.equals(f.path("d").path("message").path("text").asText()), Duration.ofSeconds(30));
            assertEquals(seq, received.path("d").path("seq").asLong(), received.toString());
            assertTrue(received.path("d").toString().contains(fileId), "the event carries the attachment: " + received);
        }
        // a member of the channel the file is attached in may download it (media-service learns that through Kafka)
        await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(500))
                .until(() -> status("/api/media/" + fileId, bob.token()) == 200);
        assertArrayEquals(content, download(bob, fileId), "a channel member downloads the attachment");

        TestUser admin = login(adminUsername, adminPassword);
        Rest.Response ban = rest.post("/api/auth/users/" + mallory.id() + "/ban", admin.token(), Map.of());
        assertEquals(204, ban.status(), "ban: " + ban.raw());
        assertBanned(mallory);

        Properties state = new Properties();
        state.setProperty("run", run);
        for (TestUser user : List.of(alice, bob, mallory)) {
            String key = user.username().substring(0, user.username().indexOf('_'));
            state.setProperty(key + ".id", user.id());
            state.setProperty(key + ".username", user.username());
            state.setProperty(key + ".password", user.password());
            state.setProperty(key + ".token", user.token());
        }
        state.setProperty("mallory.tokenIssuedAt", Instant.now().toString());
        state.setProperty("channel", channel);
        state.setProperty("message.text", text);
        state.setProperty("message.seq", Long.toString(seq));
        state.setProperty("file.id", fileId);
        state.setProperty("file.sha256", sha256(content));
        state.setProperty("file.size", Integer.toString(content.length));
        Files.createDirectories(stateFile.toAbsolutePath().getParent());
        try (Writer out = Files.newBufferedWriter(stateFile)) {
            state.store(out, "ComposeStackTest phase 'before': what phase 'after' expects to find after down and up");
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "parley.compose.phase", matches = "after")
    void usersMessagesBanAndFileSurviveDownAndUp() throws Exception {
        Properties state = new Properties();
        assertTrue(Files.isRegularFile(stateFile), "no state of phase 'before' at " + stateFile);
        try (Reader in = Files.newBufferedReader(stateFile)) {
            state.load(in);
        }
        assertWebClientLoads();

        // users and their passwords: auth's database
        TestUser alice = login(state.getProperty("alice.username"), state.getProperty("alice.password"));
        TestUser bob = login(state.getProperty("bob.username"), state.getProperty("bob.password"));
        assertEquals(state.getProperty("alice.id"), alice.id());

        // the ban: refused at login (auth's database), and mallory's token from before the restart is refused by the
        // other services, whose ban lists are rebuilt at start from Kafka's compacted auth.users (the kafka-data volume)
        TestUser mallory = new TestUser(state.getProperty("mallory.id"), state.getProperty("mallory.username"),
                state.getProperty("mallory.password"), state.getProperty("mallory.token"));
        Duration tokenAge = Duration.between(Instant.parse(state.getProperty("mallory.tokenIssuedAt")), Instant.now());
        assertTrue(tokenAge.toMinutes() < 14, "mallory's access token (15 min) is " + tokenAge + " old: the restart "
                + "took too long for the ban list check");
        assertBanned(mallory);

        // the message with its seq and attachment: chat's database
        String channel = state.getProperty("channel");
        long seq = Long.parseLong(state.getProperty("message.seq"));
        List<JsonNode> history = Chat.history(rest, bob, channel);
        JsonNode message = history.stream().filter(m -> m.path("seq").asLong() == seq).findFirst()
                .orElseThrow(() -> new AssertionError("message seq " + seq + " is gone: " + history));
        assertEquals(state.getProperty("message.text"), message.path("text").asText(), message.toString());
        String fileId = state.getProperty("file.id");
        assertTrue(message.toString().contains(fileId), "the attachment is still on the message: " + message);

        // the file: media's database, the blob and the master key in the media-data volume
        byte[] content = download(bob, fileId);
        assertEquals(Integer.parseInt(state.getProperty("file.size")), content.length);
        assertEquals(state.getProperty("file.sha256"), sha256(content), "the file reads back the same after restart");

        // and the chat goes on: the next message gets the next seq and reaches the other socket
        String text = "after the restart " + state.getProperty("run");
        try (WsClient aliceSocket = WsClient.connect(port, alice.token());
             WsClient bobSocket = WsClient.connect(port, bob.token())) {
            aliceSocket.call("subscribe", Map.of("channelId", channel));
            bobSocket.call("subscribe", Map.of("channelId", channel));
            JsonNode sent = aliceSocket.call("send", Map.of("channelId", channel, "text", text,
                    "clientMsgId", "c2-" + state.getProperty("run")));
            assertEquals(seq + 1, sent.path("seq").asLong(), "seq goes on from before the restart: " + sent);
            JsonNode received = bobSocket.await(f -> "event".equals(f.path("op").asText())
                    && "message.created".equals(f.path("t").asText())
                    && text.equals(f.path("d").path("message").path("text").asText()), Duration.ofSeconds(30));
            assertEquals(seq + 1, received.path("d").path("seq").asLong(), received.toString());
        }
    }

    private void assertWebClientLoads() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(base.resolve("/")).timeout(Duration.ofSeconds(20))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), "GET / " + page.body());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
        assertTrue(page.body().contains("<title>Parley</title>") && page.body().contains("js/app.js"), page.body());
        for (String asset : List.of("/js/app.js", "/parley.css")) {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(base.resolve(asset))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, response.statusCode(), "GET " + asset);
        }
    }

    /**
     * Login refused (auth-service's database); the user's still-valid token refused by chat-service and, at the
     * WebSocket handshake, by the gateway, whose ban list lives in memory only, read at start from auth.users.
     */
    private void assertBanned(TestUser user) throws Exception {
        Rest.Response login = rest.post("/api/auth/login", null,
                Map.of("username", user.username(), "password", user.password()));
        assertNotEquals(200, login.status(), "a banned user logs in: " + login.raw());
        await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertEquals(403, rest.get("/api/channels", user.token()).status(), "a banned user's token is refused"));
        await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertEquals(403, handshakeStatus(user.token()), "a banned user's socket is refused at the handshake"));
    }

    /** The HTTP status of a WebSocket upgrade refused by the gateway, or 101 when a socket opened. */
    private int handshakeStatus(String token) throws Exception {
        return WsClient.handshakeStatus(port, token);
    }

    private TestUser register(String username) {
        String password = "pw-" + UUID.randomUUID();
        Rest.Response registered = rest.post("/api/auth/register", null,
                Map.of("username", username, "password", password, "displayName", username));
        assertEquals(201, registered.status(), "register " + username + ": " + registered.raw());
        return login(username, password);
    }

    private TestUser login(String username, String password) {
        Rest.Response login = rest.post("/api/auth/login", null, Map.of("username", username, "password", password));
        assertEquals(200, login.status(), "login " + username + ": " + login.raw());
        return new TestUser(login.body().path("user").path("id").asText(), username, password,
                login.body().path("accessToken").asText());
    }

    private JsonNode upload(TestUser user, String name, byte[] content) throws Exception {
        String boundary = "parley-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/media"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + user.token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), "upload: " + response.body());
        return Rest.JSON.readTree(response.body());
    }

    private byte[] download(TestUser user, String fileId) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/media/" + fileId))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + user.token()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), () -> "download " + fileId + ": "
                + new String(response.body(), StandardCharsets.UTF_8));
        return response.body();
    }

    private int status(String path, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
