package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The receiver of the dm scenario's outgoing subscriptions (docs/subscriptions.md): a Vert.x HTTP server on
 * 127.0.0.1 that checks each delivery's signature, notes which ping it carries, and answers 204 after the configured
 * delay (a timer, so a slow receiver costs the bench no thread). It counts what the contract promises: every ping
 * delivered (at least once, duplicates only with the same delivery id), in seq order per subscription.
 */
final class HookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final long delayMs;
    private final HttpServer server;
    private final Map<String, byte[]> secrets = new ConcurrentHashMap<>();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final BitSet pings = new BitSet();
    private final Set<String> deliveryIds = new HashSet<>();
    private final Map<String, Long> lastSeq = new HashMap<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder redelivered = new LongAdder();
    private final LongAdder outOfOrder = new LongAdder();
    private final LongAdder badSignature = new LongAdder();
    private final LongAdder unreadable = new LongAdder();
    private long warmupPings;

    private HookReceiver(Vertx vertx, long delayMs, HttpServer server) {
        this.vertx = vertx;
        this.delayMs = delayMs;
        this.server = server;
    }

    static HookReceiver start(Vertx vertx, Duration delay) throws Exception {
        HttpServer server = vertx.createHttpServer();
        HookReceiver receiver = new HookReceiver(vertx, delay.toMillis(), server);
        server.requestHandler(receiver::handle);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return receiver;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/hook");
    }

    void register(BenchTarget.Subscription subscription) {
        secrets.put(subscription.id(), subscription.secret().getBytes(StandardCharsets.UTF_8));
    }

    /** Pings below this index are warm-up: delivered and counted, but not in the latency figures. */
    synchronized void warmupPings(long count) {
        warmupPings = count;
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            requests.increment();
            record(request, body);
            if (delayMs == 0) {
                request.response().setStatusCode(204).end();
            } else {
                vertx.setTimer(delayMs, t -> request.response().setStatusCode(204).end());
            }
        }).onFailure(e -> request.response().setStatusCode(400).end());
    }

    private void record(HttpServerRequest request, Buffer body) {
        long now = BenchClock.micros();
        JsonNode delivery;
        try {
            delivery = JSON.readTree(body.getBytes());
        } catch (Exception e) {
            unreadable.increment();
            return;
        }
        String subscription = delivery.path("subscriptionId").asText();
        if (!signed(secrets.get(subscription), request.getHeader("X-Parley-Timestamp"),
                request.getHeader("X-Parley-Signature"), body.getBytes())) {
            badSignature.increment();
            return;
        }
        BenchPayload ping = BenchPayload.find(delivery.path("data").path("message").path("text").asText(""));
        long seq = delivery.path("seq").asLong(-1);
        synchronized (this) {
            if (!deliveryIds.add(delivery.path("id").asText())) {
                redelivered.increment();
                return;
            }
            String lane = subscription + "/" + delivery.path("channelId").asText();
            Long previous = lastSeq.put(lane, seq);
            if (previous != null && previous >= seq) {
                outOfOrder.increment();
            }
            if (ping == null || ping.kind() != 'p') {
                return;
            }
            pings.set((int) ping.b());
            if (ping.b() >= warmupPings) {
                latency.record(now - ping.micros());
            }
        }
    }

    private static boolean signed(byte[] secret, String timestamp, String signature, byte[] body) {
        if (secret == null || timestamp == null || signature == null || !signature.startsWith("v1=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            byte[] given = java.util.HexFormat.of().parseHex(signature.substring(3));
            return MessageDigest.isEqual(expected, given);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Distinct pings delivered so far. */
    synchronized long pingsDelivered() {
        return pings.cardinality();
    }

    long requests() {
        return requests.sum();
    }

    /** The figures of the run, for {@link BenchResult#with}: all counts, and the delivery latency in ms. */
    synchronized Map<String, Object> figures(long pingsExpected) {
        Map<String, Object> figures = new java.util.LinkedHashMap<>();
        figures.put("hookDelayMs", delayMs);
        figures.put("hookPingsExpected", pingsExpected);
        figures.put("hookPingsDelivered", (long) pings.cardinality());
        figures.put("hookMissing", Math.max(0, pingsExpected - pings.cardinality()));
        figures.put("hookRequests", requests.sum());
        figures.put("hookRedelivered", redelivered.sum());
        figures.put("hookOutOfOrder", outOfOrder.sum());
        figures.put("hookBadSignature", badSignature.sum());
        figures.put("hookUnreadable", unreadable.sum());
        if (latency.count() > 0) {
            // from the ping's scheduled send to the delivery's arrival (the receiver's delay comes after)
            figures.put("hookP50Ms", latency.percentileMs(50));
            figures.put("hookP99Ms", latency.percentileMs(99));
        }
        return figures;
    }

    @Override
    public void close() {
        server.close();
    }
}
