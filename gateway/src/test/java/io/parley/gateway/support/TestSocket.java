package io.parley.gateway.support;

import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** A WebSocket client of the gateway (Vert.x, not the gateway's own classes) that records every frame it gets. */
public final class TestSocket {

    private static final Vertx VERTX = Vertx.vertx();
    /**
     * Vert.x queues a connect beyond {@code maxConnections} open sockets to one server (50 by default) until one of
     * them closes, silently: sockets left open by earlier tests (the gateway drops them only at its heartbeat
     * timeout, 50 s) must never make a later connect wait. The bound here is far above what tests open, and
     * {@link #closeAll} closes what a test leaves.
     */
    private static final WebSocketClient CLIENT = VERTX.createWebSocketClient(new WebSocketClientOptions()
            .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20).setMaxConnections(10_000));
    /** The sockets opened through {@link #open} and not closed yet. */
    private static final java.util.Set<TestSocket> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final ClientWebSocket ws;
    public final List<JsonObject> frames = new CopyOnWriteArrayList<>();
    private volatile Short closeCode;

    /**
     * The handlers are set before connecting: Vert.x attaches them as the upgrade completes, before the socket reads
     * on. Attached afterwards (in a {@code map} of the connect future) they raced the hello: when the test thread was
     * descheduled between {@code connect} and {@code map}, the future was already complete, the socket resumed, and
     * the hello was dropped for want of a handler (a probe that sleeps 5 ms there lost 176 hellos of 200; CI lost one).
     */
    private TestSocket(ClientWebSocket ws) {
        this.ws = ws;
        ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
        ws.closeHandler(v -> {
            closeCode = ws.closeStatusCode() == null ? (short) 1006 : ws.closeStatusCode();
            OPEN.remove(this);
        });
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
        try {
            TestSocket socket = new TestSocket(CLIENT.webSocket());
            long started = System.nanoTime();
            try {
                socket.ws.connect(options(port, headers, uri)).toCompletionStage().toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                OPEN.add(socket);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot open a socket: the upgrade failed after "
                        + (System.nanoTime() - started) / 1_000_000 + " ms: " + describe(e.getCause()), e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("cannot open a socket: no upgrade answer within 30 s ("
                        + OPEN.size() + " test sockets open)", e);
            }
            try {
                socket.awaitFrame(f -> "hello".equals(f.getString("op")));
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot open a socket: upgraded, but no hello within 30 s; close code "
                        + socket.closeCode + ", frames " + socket.frames, e);
            }
            return socket;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cannot open a socket: interrupted", e);
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
        ws.writeTextMessage(frame.encode());
    }

    public void sendText(String text) {
        ws.writeTextMessage(text);
    }

    /** A text frame with exactly these bytes (they need not be UTF-8). */
    public void sendRawText(byte[] bytes) {
        ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(bytes), true));
    }

    public void sendBinary(byte[] bytes) {
        ws.writeBinaryMessage(Buffer.buffer(bytes));
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

    /** Pings every {@code intervalMs} from a Vert.x timer (no sleeping test thread) until the socket closes. */
    public void keepAlive(long intervalMs) {
        VERTX.setPeriodic(intervalMs, timer -> {
            if (closeCode != null) {
                VERTX.cancelTimer(timer);
            } else {
                ws.writeTextMessage("{\"op\":\"ping\"}");
            }
        });
    }

    public int awaitClose() {
        return await().atMost(Duration.ofSeconds(40)).until(() -> closeCode, java.util.Objects::nonNull);
    }

    public boolean isClosed() {
        return closeCode != null;
    }

    public void close() {
        if (closeCode == null) {
            ws.close();
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
