package io.parley.cli.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The live socket ({@code /ws}): requests matched to replies by id, a heartbeat, and reconnection with exponential
 * backoff and full jitter that resubscribes every channel with the {@code sinceSeq} the model has applied, so the
 * view gets every event once. All its state lives on the UI executor; every callback runs there, in frame order.
 */
public final class LiveSocket {
    static final long BACKOFF_BASE_MS = 500;
    static final long BACKOFF_CAP_MS = 15_000;
    private static final long REQUEST_TIMEOUT_MS = 30_000;

    /** What the socket tells the application, always on the UI executor. */
    public interface Listener {
        void onState(String state);

        /** A subscribe's ok, before any event it replays. */
        void onSubscribed(String channelId, long sinceSeq, JsonNode ok);

        void onEvent(JsonNode frame);

        /** Every subscription is back after a (re)connect. */
        void onReady(JsonNode hello);

        /** The socket will not come back: banned (4003), revoked (4009), signed out (4001). */
        void onTerminal(int code);
    }

    private final URI uri;
    private final HttpClient http;
    private final Tokens tokens;
    private final Executor ui;
    private final ScheduledExecutorService timer;
    private final Listener listener;
    private final ToLongFunction<String> cursorOf;
    private final Set<String> subscriptions = new LinkedHashSet<>();
    private final Map<String, CompletableFuture<JsonNode>> pending = new HashMap<>();
    private WebSocket ws;
    private boolean open;
    private boolean stopped;
    private int attempt;
    private long nextId = 1;
    private long lastFrameAt;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> reconnect;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    public LiveSocket(URI base, HttpClient http, Tokens tokens, Executor ui, ScheduledExecutorService timer,
                      Listener listener, ToLongFunction<String> cursorOf) {
        String scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
        this.uri = URI.create(scheme + "://" + base.getRawAuthority() + "/ws");
        this.http = http;
        this.tokens = tokens;
        this.ui = ui;
        this.timer = timer;
        this.listener = listener;
        this.cursorOf = cursorOf;
        tokens.onRenewed(token -> ui.execute(() -> {
            if (open) {
                request("auth", Map.of("token", token));
            }
        }));
    }

    public boolean isOpen() {
        return open;
    }

    /** Full jitter: a random delay up to the exponential ceiling, so a crowd of clients does not return at once. */
    static long backoffMs(int attempt, long floorMs, double random) {
        long ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS << Math.min(attempt, 10));
        return Math.max(floorMs, (long) (random * ceiling));
    }

    /** Opens the socket (call on the UI executor). */
    public void connect() {
        if (stopped) {
            return;
        }
        listener.onState(attempt == 0 ? "connecting" : "reconnecting (attempt " + attempt + ")");
        WebSocket.Listener frames = new Frames();
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + tokens.accessToken())
                .buildAsync(uri, frames)
                .whenComplete((socket, failure) -> {
                    if (failure != null) {
                        ui.execute(() -> refused(failure));
                    }
                });
    }

    /** Subscribes now (when open) and after every reconnect, from the model's cursor. */
    public void subscribe(String channelId) {
        if (subscriptions.add(channelId) && open) {
            sendSubscribe(channelId);
        }
    }

    public void unsubscribe(String channelId) {
        if (subscriptions.remove(channelId) && open) {
            request("unsubscribe", Map.of("channelId", channelId));
        }
    }

    /** Sends {@code {op, id, d}}; completes with the ok's {@code d} or fails with an ApiException. */
    public CompletableFuture<JsonNode> request(String op, Object d) {
        if (!open) {
            return CompletableFuture.failedFuture(new ApiException(0, "DISCONNECTED", "not connected"));
        }
        String id = "c" + nextId++;
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode frame = GatewayApi.JSON.createObjectNode().put("op", op).put("id", id);
        frame.set("d", GatewayApi.JSON.valueToTree(d));
        if (Trace.on()) {
            Trace.line("> " + ("auth".equals(op) ? "{\"op\":\"auth\",\"id\":\"" + id + "\"}" : frame.toString()));
        }
        write(frame.toString());
        timer.schedule(() -> ui.execute(() -> {
            CompletableFuture<JsonNode> waiting = pending.remove(id);
            if (waiting != null) {
                waiting.completeExceptionally(new ApiException(0, "UNAVAILABLE", "no answer to " + op));
            }
        }), REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return reply;
    }

    /** Ends the socket for good. */
    public void stop() {
        stopped = true;
        cancelTimers();
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }

    private void write(String text) {
        WebSocket socket = ws;
        // the JDK's WebSocket takes one send at a time: chain them
        sending = sending.handle((v, e) -> null).thenCompose(v -> socket.sendText(text, true));
    }

    /** Subscribes from the model's cursor; completes (never fails) once the answer has been handled. */
    private CompletableFuture<Void> sendSubscribe(String channelId) {
        long since = cursorOf.applyAsLong(channelId);
        Map<String, Object> d = new HashMap<>();
        d.put("channelId", channelId);
        d.put("sinceSeq", since);
        // the callback runs as the ok is read, before the frames the subscribe replays
        return request("subscribe", d).handle((ok, failure) -> {
            if (failure == null) {
                listener.onSubscribed(channelId, since, ok);
            } else if (failure instanceof ApiException api
                    && ("NOT_FOUND".equals(api.code()) || "FORBIDDEN".equals(api.code()))) {
                subscriptions.remove(channelId); // removed from the channel while away
            }
            return null;
        });
    }

    private void receive(WebSocket from, String text) {
        if (from != ws) {
            return;
        }
        lastFrameAt = System.nanoTime();
        Trace.line("< " + text);
        JsonNode frame;
        try {
            frame = GatewayApi.JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        switch (frame.path("op").asText()) {
            case "hello" -> opened(frame.path("d"));
            case "ok", "error" -> settle(frame);
            case "event" -> listener.onEvent(frame);
            default -> {
                // pong: liveness only
            }
        }
    }

    private void settle(JsonNode frame) {
        CompletableFuture<JsonNode> waiting = pending.remove(frame.path("id").asText());
        if (waiting == null) {
            return;
        }
        JsonNode d = frame.path("d");
        if ("ok".equals(frame.path("op").asText())) {
            waiting.complete(d);
        } else {
            waiting.completeExceptionally(new ApiException(0, d.path("code").asText("INTERNAL"),
                    d.path("message").asText("") + (d.has("retryAfterMs")
                            ? " (retry in " + d.path("retryAfterMs").asLong() + " ms)" : "")));
        }
    }

    private void opened(JsonNode hello) {
        open = true;
        attempt = 0;
        long heartbeatMs = hello.path("heartbeatMs").asLong(25_000);
        startHeartbeat(heartbeatMs);
        listener.onState("connected");
        CompletableFuture<?>[] all = subscriptions.stream().toList().stream().map(this::sendSubscribe)
                .toArray(CompletableFuture[]::new);
        WebSocket socket = ws;
        CompletableFuture.allOf(all).whenComplete((v, e) -> ui.execute(() -> {
            if (socket == ws && open) {
                listener.onReady(hello);
            }
        }));
    }

    private void closed(WebSocket from, int code) {
        if (from != ws) {
            return;
        }
        Trace.line("closed " + code);
        ws = null;
        open = false;
        cancelTimers();
        pending.values().forEach(f -> f.completeExceptionally(new ApiException(0, "DISCONNECTED", "connection lost")));
        pending.clear();
        if (stopped) {
            return;
        }
        switch (code) {
            case 4003, 4009 -> terminate(code);
            case 4001 -> renewThenReconnect();
            default -> scheduleReconnect(code == 1001 || code == 4029 ? 1000 : 100);
        }
    }

    /** The upgrade was refused or the server is unreachable. */
    private void refused(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        int status = cause instanceof WebSocketHandshakeException h ? h.getResponse().statusCode() : 0;
        Trace.line("upgrade refused: " + (status == 0 ? String.valueOf(cause) : "HTTP " + status));
        if (status == 401) {
            renewThenReconnect();
        } else if (status == 403) {
            terminate(4003);
        } else {
            scheduleReconnect(status == 429 ? 1000 : 100);
        }
    }

    private void renewThenReconnect() {
        tokens.renew().whenComplete((v, failure) -> ui.execute(() -> {
            if (failure == null) {
                scheduleReconnect(0);
            } else if (GatewayApi.cause(failure).status() == 401) {
                terminate(4001);
            } else {
                scheduleReconnect(1000); // auth-service unreachable: try again later
            }
        }));
    }

    private void terminate(int code) {
        stopped = true;
        cancelTimers();
        listener.onTerminal(code);
    }

    private void scheduleReconnect(long floorMs) {
        attempt++;
        long delay = backoffMs(attempt, floorMs, ThreadLocalRandom.current().nextDouble());
        listener.onState(String.format("reconnecting in %.1f s", delay / 1000.0));
        Trace.line("reconnect in " + delay + " ms (attempt " + attempt + ")");
        reconnect = timer.schedule(() -> ui.execute(this::connect), delay, TimeUnit.MILLISECONDS);
    }

    private void startHeartbeat(long heartbeatMs) {
        lastFrameAt = System.nanoTime();
        WebSocket socket = ws;
        heartbeat = timer.scheduleAtFixedRate(() -> ui.execute(() -> {
            if (socket != ws || !open) {
                return;
            }
            // the server answers every ping; silence this long is a dead connection TCP has not noticed
            if (System.nanoTime() - lastFrameAt > TimeUnit.MILLISECONDS.toNanos(2 * heartbeatMs + 5000)) {
                socket.abort();
                closed(socket, 4000);
                return;
            }
            write("{\"op\":\"ping\"}");
        }), heartbeatMs / 2, heartbeatMs / 2, TimeUnit.MILLISECONDS);
    }

    private void cancelTimers() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (reconnect != null) {
            reconnect.cancel(false);
        }
    }

    /** The JDK socket's callbacks, handed to the UI executor whole frames at a time. */
    private final class Frames implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket socket) {
            // before any frame of this socket is handed over, so the hello finds it current
            ui.execute(() -> {
                if (stopped) {
                    socket.abort();
                } else {
                    ws = socket;
                }
            });
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                ui.execute(() -> receive(socket, text));
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            ui.execute(() -> closed(socket, statusCode));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            ui.execute(() -> closed(socket, 1006));
        }
    }
}
