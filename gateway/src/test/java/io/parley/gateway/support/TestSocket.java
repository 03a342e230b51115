package io.parley.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A WebSocket client of the gateway that records every frame it gets. It speaks RFC 6455 itself over a plain TCP
 * socket (one reader thread each), not through the gateway's classes nor Vert.x's client: Vert.x 4.5's client drops a
 * frame that arrives in the same read as the {@code 101} answer (its handshake handler leaves the pipeline before the
 * HTTP decoder is replaced, so the decoder's leftover bytes go nowhere). The gateway sends {@code hello} right after
 * the upgrade, so on a loaded machine both often come in one read: a probe lost 8 hellos in 500 opens at load 3, and
 * CI failed twice on "no hello within 30 s" (the gateway had sent it; its hello counter said so). Here the bytes
 * after the answer's header stay in the stream's buffer and are read as frames, and raw frames (invalid UTF-8,
 * binary) are written exactly as a test asks. Handshakes that only want a status ({@link #attempt}) still use Vert.x.
 */
public final class TestSocket {

    private static final Vertx VERTX = Vertx.vertx();
    private static final WebSocketClient CLIENT = VERTX.createWebSocketClient(new WebSocketClientOptions()
            .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20).setMaxConnections(10_000));
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private static final java.util.concurrent.ScheduledExecutorService TIMERS =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "test-socket-timer");
                t.setDaemon(true);
                return t;
            });
    /** The sockets opened through {@link #open} and not closed yet. */
    private static final java.util.Set<TestSocket> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final java.net.Socket tcp;
    private final java.io.InputStream in;
    private final java.io.OutputStream out;
    public final List<JsonObject> frames = new CopyOnWriteArrayList<>();
    private volatile Short closeCode;
    private volatile boolean closeSent;

    private TestSocket(java.net.Socket tcp, java.io.InputStream in) throws java.io.IOException {
        this.tcp = tcp;
        this.in = in;
        this.out = tcp.getOutputStream();
    }

    /** Closes every socket a test left open, so none of them holds a connection into the next test. */
    public static void closeAll() {
        OPEN.forEach(TestSocket::close);
    }

    /** A random client address, so per-IP limits of one test never touch another. */
    public static String randomIp() {
        java.util.Random r = new java.util.Random();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    public static TestSocket open(int port, String token) {
        return open(port, token, randomIp());
    }

    public static TestSocket open(int port, String token, String ip) {
        return open(port, Map.of("Authorization", "Bearer " + token, "X-Forwarded-For", ip), "/ws");
    }

    /** A socket whose token is in the {@code access_token} query parameter (browsers cannot set headers). */
    public static TestSocket openWithQueryToken(int port, String token) {
        return open(port, Map.of("X-Forwarded-For", randomIp()), "/ws?access_token=" + token);
    }

    /** A socket opened with exactly these request headers, once its hello has arrived. */
    public static TestSocket open(int port, Map<String, String> headers, String uri) {
        long started = System.nanoTime();
        TestSocket socket;
        try {
            socket = handshake(port, headers, uri);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot open a socket: the upgrade failed after "
                    + (System.nanoTime() - started) / 1_000_000 + " ms: " + e, e);
        }
        OPEN.add(socket);
        Thread reader = new Thread(socket::readFrames, "test-socket-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            socket.awaitFrame(f -> "hello".equals(f.getString("op")));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open a socket: upgraded, but no hello within 30 s; close code "
                    + socket.closeCode + ", frames " + socket.frames, e);
        }
        return socket;
    }

    private static TestSocket handshake(int port, Map<String, String> headers, String uri) throws java.io.IOException {
        java.net.Socket tcp = new java.net.Socket();
        tcp.setTcpNoDelay(true);
        tcp.connect(new java.net.InetSocketAddress("127.0.0.1", port), 30_000);
        tcp.setSoTimeout(30_000);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = java.util.Base64.getEncoder().encodeToString(nonce);
        StringBuilder request = new StringBuilder("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        tcp.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
        tcp.getOutputStream().flush();
        // buffered: whatever follows the answer's header in one read stays here, to be read as frames
        java.io.InputStream in = new java.io.BufferedInputStream(tcp.getInputStream());
        String head = readHead(in);
        String statusLine = head.lines().findFirst().orElse("");
        if (!statusLine.startsWith("HTTP/1.1 101")) {
            tcp.close();
            throw new java.io.IOException("HTTP " + statusLine + " " + head.replace("\r\n", " | "));
        }
        String expected = accept(key);
        boolean accepted = head.lines().anyMatch(line -> line.regionMatches(true, 0, "Sec-WebSocket-Accept:", 0, 21)
                && line.substring(21).trim().equals(expected));
        if (!accepted) {
            tcp.close();
            throw new java.io.IOException("the 101 answer has no valid Sec-WebSocket-Accept: " + head);
        }
        tcp.setSoTimeout(0);
        return new TestSocket(tcp, in);
    }

    private static String readHead(java.io.InputStream in) throws java.io.IOException {
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("connection closed during the upgrade");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String accept(String key) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return java.util.Base64.getEncoder().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reader thread: frames until the close handshake or the end of the stream. */
    private void readFrames() {
        java.io.DataInputStream data = new java.io.DataInputStream(in);
        java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
        int messageOpcode = 0;
        try {
            while (true) {
                int b0 = data.readUnsignedByte();
                int b1 = data.readUnsignedByte();
                boolean fin = (b0 & 0x80) != 0;
                int opcode = b0 & 0x0F;
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = data.readUnsignedShort();
                } else if (length == 127) {
                    length = data.readLong();
                }
                byte[] mask = null;
                if ((b1 & 0x80) != 0) {
                    mask = new byte[4];
                    data.readFully(mask);
                }
                byte[] payload = new byte[(int) length];
                data.readFully(payload);
                if (mask != null) {
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i % 4];
                    }
                }
                switch (opcode) {
                    case 0x8 -> {
                        closeCode = payload.length >= 2 ? (short) (((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)) : 1005;
                        if (!closeSent) {
                            writeFrame(0x8, java.util.Arrays.copyOf(payload, Math.min(2, payload.length)));
                        }
                        return;
                    }
                    case 0x9 -> writeFrame(0xA, payload);
                    case 0xA -> {
                    }
                    default -> {
                        if (opcode != 0) {
                            messageOpcode = opcode;
                            message.reset();
                        }
                        message.write(payload);
                        if (fin) {
                            if (messageOpcode == 0x1) {
                                received(message.toString(StandardCharsets.UTF_8));
                            }
                            message.reset();
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            if (closeCode == null) {
                closeCode = 1006;
            }
        } finally {
            OPEN.remove(this);
            try {
                tcp.close();
            } catch (java.io.IOException ignored) {
                // closing anyway
            }
        }
    }

    private void received(String text) {
        try {
            frames.add(new JsonObject(text));
        } catch (RuntimeException notJson) {
            frames.add(new JsonObject().put("unparsed", text));
        }
    }

    /** One whole frame, masked as a client's must be; a failed write means the socket is gone, as reads will see. */
    private synchronized void writeFrame(int opcode, byte[] payload) {
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (((long) payload.length >>> shift) & 0xFF));
            }
        }
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        try {
            out.write(frame.toByteArray());
            out.flush();
        } catch (java.io.IOException gone) {
            // the reader sees the end of the stream and records 1006
        }
    }

    /** @return the HTTP status the upgrade was refused with, 101 when it was accepted, and the Retry-After header */
    public static Refusal attempt(int port, Map<String, String> headers, String uri) {
        try {
            WebSocket ws = connect(port, headers, uri).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            ws.close();
            return new Refusal(101, null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return new Refusal(rejected.getStatus(), rejected.getHeaders().get("Retry-After"));
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Like {@link #attempt}, without waiting: many handshakes can be in flight at once. */
    public static java.util.concurrent.CompletableFuture<Refusal> attemptAsync(int port, Map<String, String> headers, String uri) {
        return connect(port, headers, uri).map(ws -> {
            ws.close();
            return new Refusal(101, null);
        }).recover(failure -> failure instanceof UpgradeRejectedException rejected
                ? io.vertx.core.Future.succeededFuture(new Refusal(rejected.getStatus(), rejected.getHeaders().get("Retry-After")))
                : io.vertx.core.Future.failedFuture(failure))
                .toCompletionStage().toCompletableFuture();
    }

    public record Refusal(int status, String retryAfter) {
    }

    private static String describe(Throwable failure) {
        return failure instanceof UpgradeRejectedException rejected
                ? "HTTP " + rejected.getStatus() + " " + rejected.getHeaders() + " " + rejected.getBody()
                : String.valueOf(failure);
    }

    private static io.vertx.core.Future<WebSocket> connect(int port, Map<String, String> headers, String uri) {
        return CLIENT.connect(options(port, headers, uri));
    }

    private static WebSocketConnectOptions options(int port, Map<String, String> headers, String uri) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
        headers.forEach(options::addHeader);
        return options;
    }

    public void send(JsonObject frame) {
        sendText(frame.encode());
    }

    public void sendText(String text) {
        writeFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A text frame with exactly these bytes (they need not be UTF-8). */
    public void sendRawText(byte[] bytes) {
        writeFrame(0x1, bytes);
    }

    public void sendBinary(byte[] bytes) {
        writeFrame(0x2, bytes);
    }

    /** Sends {@code {"op":op,"id":<fresh>,"d":d}} and waits for its reply (ok or error). */
    public JsonObject request(String op, JsonObject d) {
        String id = UUID.randomUUID().toString();
        send(new JsonObject().put("op", op).put("id", id).put("d", d));
        return reply(id);
    }

    public JsonObject reply(String id) {
        return awaitFrame(f -> ("ok".equals(f.getString("op")) || "error".equals(f.getString("op"))) && id.equals(f.getString("id")));
    }

    public JsonObject awaitFrame(Predicate<JsonObject> match) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> frames.stream().filter(match).findFirst().orElse(null),
                java.util.Objects::nonNull);
    }

    /** The first matching frame received at or after position {@code from} (frames may be equal, positions are not). */
    public JsonObject awaitFrameFrom(int from, Predicate<JsonObject> match) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int i = from; i < frames.size(); i++) {
                if (match.test(frames.get(i))) {
                    return frames.get(i);
                }
            }
            return null;
        }, java.util.Objects::nonNull);
    }

    public List<JsonObject> events(String channelId) {
        return frames.stream().filter(f -> "event".equals(f.getString("op")) && f.getJsonObject("d") != null
                && channelId.equals(f.getJsonObject("d").getString("channelId"))).toList();
    }

    /** Pings every {@code intervalMs} from a timer thread (no sleeping test thread) until the socket closes. */
    public void keepAlive(long intervalMs) {
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.ScheduledFuture<?>> timer =
                new java.util.concurrent.atomic.AtomicReference<>();
        timer.set(TIMERS.scheduleAtFixedRate(() -> {
            if (closeCode != null) {
                timer.get().cancel(false);
            } else {
                sendText("{\"op\":\"ping\"}");
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS));
    }

    public int awaitClose() {
        return await().atMost(Duration.ofSeconds(40)).until(() -> closeCode, java.util.Objects::nonNull);
    }

    public boolean isClosed() {
        return closeCode != null;
    }

    /** Starts the close handshake (1000); the reader records the gateway's answer and ends the connection. */
    public void close() {
        if (closeCode == null && !closeSent) {
            closeSent = true;
            writeFrame(0x8, new byte[] {0x03, (byte) 0xE8});
        }
    }

    public static JsonObject d(Object... keyValues) {
        JsonObject d = new JsonObject();
        for (int i = 0; i < keyValues.length; i += 2) {
            d.put((String) keyValues[i], keyValues[i + 1]);
        }
        return d;
    }
}
