package io.parley.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.Topics;
import io.parley.kit.internal.ServiceTokenVerifier;
import io.smallrye.jwt.util.KeyUtils;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays auth-service (JWKS), chat-service (internal access and events routes, and commands over the real broker via
 * {@link ChatDouble}), session-service (presence) and the proxied REST services (an echo that counts streamed bytes),
 * honestly per docs/internal-contract.md.
 */
public final class ServiceDoubles {

    private static ServiceDoubles instance;

    private final int port;
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, Map<String, String>> access = new ConcurrentHashMap<>();
    private final Map<String, ChannelLog> logs = new ConcurrentHashMap<>();
    public final List<JsonObject> proxied = new CopyOnWriteArrayList<>();
    public final AtomicInteger eventFetches = new AtomicInteger();
    public final AtomicInteger accessQueries = new AtomicInteger();
    /** How long the access query takes to answer (0: at once), to hold queries in flight. */
    public final java.util.concurrent.atomic.AtomicLong accessDelayMs = new java.util.concurrent.atomic.AtomicLong();
    public final ChatDouble chat;
    /** Calls to /internal/* refused for want of the gateway's service credential (none in a passing test). */
    public final AtomicInteger refusedInternalCalls = new AtomicInteger();
    private final ServiceTokenVerifier chatCredential = credentialOf("chat-service");
    private final ServiceTokenVerifier sessionCredential = credentialOf("session-service");

    public static synchronized ServiceDoubles current() {
        int port = Integer.getInteger(DoublesResource.PORT_PROPERTY);
        if (instance == null || instance.port != port) {
            if (instance != null) {
                instance.stop();
            }
            instance = new ServiceDoubles(port);
        }
        return instance;
    }

    private ServiceDoubles(int port) {
        this.port = port;
        Router router = Router.router(vertx);
        router.get("/jwks").handler(this::jwks);
        // as the real services do (the kit's InternalRouteGuard): no valid service token for the callee, 404
        router.route("/internal/channels/*").handler(ctx -> credential(ctx, chatCredential));
        router.route("/internal/presence").handler(ctx -> credential(ctx, sessionCredential));
        router.get("/internal/channels/:id/access").handler(this::access);
        router.get("/internal/channels/:id/events").handler(this::events);
        router.get("/internal/presence").handler(this::presence);
        router.route("/api/*").handler(this::echo);
        try {
            // the services accept the contract's 32 KiB request lines (the Vert.x default is 4 KiB)
            server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setMaxInitialLineLength(65536))
                    .requestHandler(router).listen(port, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("service doubles cannot listen on " + port, e);
        }
        chat = new ChatDouble(this);
    }

    public int port() {
        return port;
    }

    /** {@code access}: member, joinable or none (the default for anyone not granted). */
    public void grant(String channelId, String userId, String accessLevel) {
        access.computeIfAbsent(channelId, k -> new ConcurrentHashMap<>()).put(userId, accessLevel);
    }

    public boolean isMember(String channelId, String userId) {
        return "member".equals(access.getOrDefault(channelId, Map.of()).get(userId));
    }

    public ChannelLog log(String channelId) {
        return logs.computeIfAbsent(channelId, ChannelLog::new);
    }

    /** Commits an event and publishes it on chat.events, as chat-service's outbox relay does. */
    public JsonObject commitAndPublish(String channelId, String type, JsonObject fields) {
        JsonObject event = log(channelId).append(type, fields);
        publishEvent(channelId, event);
        return event;
    }

    public void publishEvent(String channelId, JsonObject event) {
        TestKafka.publish(Topics.CHAT_EVENTS.name(), "chat-service/test", event.getString("t"), channelId,
                json(event.getJsonObject("d")));
    }

    static JsonNode json(JsonObject object) {
        try {
            return io.parley.events.EnvelopeJson.mapper().readTree(object.encode());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void jwks(RoutingContext ctx) {
        try {
            RSAPublicKey key = (RSAPublicKey) KeyUtils.readPublicKey("/publicKey.pem");
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            JsonObject jwk = new JsonObject().put("kty", "RSA").put("kid", Tokens.KID).put("use", "sig").put("alg", "RS256")
                    .put("n", b64.encodeToString(unsigned(key.getModulus().toByteArray())))
                    .put("e", b64.encodeToString(unsigned(key.getPublicExponent().toByteArray())));
            ctx.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("keys", new JsonArray().add(jwk)).encode());
        } catch (Exception e) {
            ctx.fail(e);
        }
    }

    private static byte[] unsigned(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private void credential(RoutingContext ctx, ServiceTokenVerifier verifier) {
        if (verifier.check(ctx.request().getHeader("Authorization")) != null) {
            refusedInternalCalls.incrementAndGet();
            ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end("{\"code\":\"NOT_FOUND\",\"message\":\"no such resource\"}");
            return;
        }
        ctx.next();
    }

    /** Whether {@code authorization} is the gateway's service credential for {@code callee} (not a client's token). */
    public boolean isServiceCredential(String authorization, String callee) {
        return credentialOf(callee).check(authorization) == null;
    }

    /** The gateway's test credential (application.properties: src/test/resources/internal-test-private.pem). */
    private static ServiceTokenVerifier credentialOf(String callee) {
        try {
            return new ServiceTokenVerifier(KeyUtils.readPublicKey("/internal-test-public.pem",
                    io.smallrye.jwt.algorithm.SignatureAlgorithm.ES256), callee, java.time.Duration.ofSeconds(5));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read internal-test-public.pem", e);
        }
    }

    private void access(RoutingContext ctx) {
        accessQueries.incrementAndGet();
        String channelId = ctx.pathParam("id");
        String level = access.getOrDefault(channelId, Map.of()).getOrDefault(ctx.queryParams().get("userId"), "none");
        JsonObject answer = new JsonObject().put("channelId", channelId).put("access", level)
                .put("role", "member".equals(level) ? "member" : null)
                .put("lastSeq", "none".equals(level) ? 0 : log(channelId).lastSeq());
        long delay = accessDelayMs.get();
        if (delay > 0) {
            vertx.setTimer(delay, t -> ctx.response().putHeader("Content-Type", "application/json").end(answer.encode()));
        } else {
            ctx.response().putHeader("Content-Type", "application/json").end(answer.encode());
        }
    }

    private void events(RoutingContext ctx) {
        eventFetches.incrementAndGet();
        long after = Long.parseLong(ctx.queryParams().get("after"));
        int limit = Integer.parseInt(ctx.queryParams().get("limit"));
        ctx.response().putHeader("Content-Type", "application/json")
                .end(log(ctx.pathParam("id")).page(after, Math.min(limit, 1000)).encode());
    }

    private void presence(RoutingContext ctx) {
        JsonArray list = new JsonArray();
        for (String userId : ctx.queryParams().get("userIds").split(",")) {
            list.add(new JsonObject().put("userId", userId).put("status", "online").putNull("text")
                    .put("lastSeenAt", "2026-11-25T12:00:00.000Z"));
        }
        proxied.add(new JsonObject().put("path", "/internal/presence")
                .put("authorization", ctx.request().getHeader("Authorization")));
        ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("presence", list).encode());
    }

    /** Stands in for any proxied service: streams the body through, counting bytes, and says what it saw. */
    private void echo(RoutingContext ctx) {
        AtomicLong bytes = new AtomicLong();
        ctx.request().handler(chunk -> bytes.addAndGet(chunk.length()));
        ctx.request().endHandler(done -> {
            JsonObject seen = new JsonObject()
                    .put("method", ctx.request().method().name())
                    .put("uri", ctx.request().uri())
                    .put("authorization", ctx.request().getHeader("Authorization"))
                    .put("requestId", ctx.request().getHeader("X-Request-Id"))
                    .put("forwardedFor", ctx.request().getHeader("X-Forwarded-For"))
                    .put("bodyBytes", bytes.get());
            proxied.add(seen);
            ctx.response().putHeader("Content-Type", "application/json").setStatusCode(200).end(seen.encode());
        });
    }

    /**
     * False once another gateway started with doubles of its own. A test profile starts the gateway again in a new
     * class loader, whose {@link #current()} cannot see (nor stop) this instance, so a stale one must notice itself:
     * its chat double would otherwise answer the new gateway's commands from a membership table without the new
     * grants (NOT_FOUND), racing the current double.
     */
    boolean isCurrent() {
        return Integer.valueOf(port).equals(Integer.getInteger(DoublesResource.PORT_PROPERTY));
    }

    void stop() {
        chat.stop();
        server.close();
        vertx.close();
    }
}
