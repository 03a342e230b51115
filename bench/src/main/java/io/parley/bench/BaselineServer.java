package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bare Vert.x baseline: a WebSocket broadcast server with no auth, no Kafka and no database. It speaks just
 * enough of PROTOCOL §3 ({@code hello}, {@code ping}, {@code subscribe}, {@code send} → {@code message.created} to
 * every subscriber, {@code ok}) for the very same client to run against it, so Parley ÷ baseline isolates what
 * Parley adds. One verticle per core shares the port, as a hand-written Vert.x server would.
 */
public final class BaselineServer extends AbstractVerticle {

    /** Printed on stdout once listening, followed by the port. */
    public static final String READY = "baseline-ready";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final Map<String, Channel> channels;
    private final Promise<Integer> bound;

    /** A channel's subscribers and its sequence; broadcasting under its lock keeps every subscriber in seq order. */
    private static final class Channel {
        final Set<ServerWebSocket> subscribers = ConcurrentHashMap.newKeySet();
        long seq;
    }

    private BaselineServer(int port, Map<String, Channel> channels, Promise<Integer> bound) {
        this.port = port;
        this.channels = channels;
        this.bound = bound;
    }

    /** Deploys one verticle per event loop on {@code port} (0 = any); completes with the port bound. */
    public static io.vertx.core.Future<Integer> deploy(Vertx vertx, int port) {
        Map<String, Channel> channels = new ConcurrentHashMap<>();
        Promise<Integer> bound = Promise.promise();
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        return vertx.deployVerticle(() -> new BaselineServer(port, channels, bound),
                new DeploymentOptions().setInstances(instances)).compose(id -> bound.future());
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(60_000));
        deploy(vertx, port).onSuccess(actual -> {
            System.out.println(READY + " " + actual);
            System.out.flush();
        }).onFailure(error -> {
            System.err.println("baseline server failed to start: " + error);
            System.exit(1);
        });
    }

    @Override
    public void start(Promise<Void> started) {
        vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketFrameSize(65536))
                .webSocketHandler(this::accept)
                .listen(port, "127.0.0.1")
                .onSuccess(server -> {
                    bound.tryComplete(server.actualPort());
                    started.complete();
                })
                .onFailure(started::fail);
    }

    private void accept(ServerWebSocket ws) {
        if (!ws.path().equals("/ws")) {
            ws.reject(404);
            return;
        }
        String userId = UUID.randomUUID().toString();
        ws.writeTextMessage("{\"op\":\"hello\",\"d\":{\"sessionId\":\"" + UUID.randomUUID() + "\",\"userId\":\""
                + userId + "\",\"username\":\"baseline\",\"heartbeatMs\":25000,\"maxFrameBytes\":65536}}");
        ws.textMessageHandler(text -> onFrame(ws, userId, text));
        ws.exceptionHandler(error -> { });
        ws.closeHandler(closed -> channels.values().forEach(channel -> channel.subscribers.remove(ws)));
    }

    private void onFrame(ServerWebSocket ws, String userId, String text) {
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (Exception e) {
            ws.writeTextMessage("{\"op\":\"error\",\"id\":null,\"d\":{\"code\":\"BAD_FRAME\",\"message\":\"not JSON\"}}");
            return;
        }
        String op = frame.path("op").asText();
        String id = frame.path("id").asText(null);
        JsonNode d = frame.path("d");
        switch (op) {
            case "ping" -> ws.writeTextMessage(id == null ? "{\"op\":\"pong\"}"
                    : "{\"op\":\"pong\",\"id\":\"" + id + "\"}");
            case "subscribe" -> {
                Channel channel = channels.computeIfAbsent(d.path("channelId").asText(), c -> new Channel());
                channel.subscribers.add(ws);
                long lastSeq;
                synchronized (channel) {
                    lastSeq = channel.seq;
                }
                reply(ws, id, JSON.createObjectNode().put("channelId", d.path("channelId").asText())
                        .put("lastSeq", lastSeq));
            }
            case "send" -> reply(ws, id, broadcast(userId, d));
            default -> ws.writeTextMessage("{\"op\":\"error\",\"id\":" + JSON.valueToTree(id)
                    + ",\"d\":{\"code\":\"UNKNOWN_OP\",\"message\":\"" + op + "\"}}");
        }
    }

    /** Writes {@code message.created} to every subscriber of the channel; returns the send's {@code ok}. */
    private ObjectNode broadcast(String userId, JsonNode d) {
        String channelId = d.path("channelId").asText();
        Channel channel = channels.computeIfAbsent(channelId, c -> new Channel());
        String messageId = UUID.randomUUID().toString();
        String createdAt = Instant.now().toString();
        synchronized (channel) {
            long seq = ++channel.seq;
            ObjectNode message = JSON.createObjectNode().put("id", messageId).put("channelId", channelId)
                    .put("seq", seq).put("senderId", userId).put("text", d.path("text").asText())
                    .put("clientMsgId", d.path("clientMsgId").asText()).put("createdAt", createdAt);
            ObjectNode event = JSON.createObjectNode().put("op", "event").put("t", "message.created");
            event.putObject("d").put("channelId", channelId).put("seq", seq).set("message", message);
            String encoded = event.toString();
            for (ServerWebSocket subscriber : channel.subscribers) {
                subscriber.writeTextMessage(encoded);
            }
            return JSON.createObjectNode().put("messageId", messageId).put("seq", seq).put("createdAt", createdAt);
        }
    }

    private static void reply(ServerWebSocket ws, String id, ObjectNode d) {
        ObjectNode ok = JSON.createObjectNode().put("op", "ok").put("id", id);
        ok.set("d", d);
        ws.writeTextMessage(ok.toString());
    }
}
