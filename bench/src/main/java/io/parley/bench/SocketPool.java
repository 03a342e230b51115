package io.parley.bench;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Opens many sockets with a bounded number of handshakes in flight, records each handshake's time (connect → hello)
 * and keeps the sockets alive with pings until closed.
 */
public final class SocketPool implements AutoCloseable {

    private static final long HELLO_TIMEOUT_MS = 30_000;

    private final Vertx vertx;
    private final WebSocketClient client;
    private final BenchSocket[] sockets;
    private final LatencyHistogram handshakes = new LatencyHistogram();
    private final Map<String, Integer> failures = new TreeMap<>();
    private long startMicros;
    private long endMicros;
    private long keepAliveTimer = -1;

    private SocketPool(Vertx vertx, int size) {
        this.vertx = vertx;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(Integer.MAX_VALUE)
                .setConnectTimeout(30_000)
                .setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 20));
        this.sockets = new BenchSocket[size];
    }

    /** Opens {@code size} sockets, socket i with {@code tokens.apply(i)} (null: no token); waits for all attempts. */
    public static SocketPool open(Vertx vertx, URI wsUri, int size, IntFunction<String> tokens, int concurrency)
            throws InterruptedException {
        SocketPool pool = new SocketPool(vertx, size);
        pool.openAll(wsUri, tokens, concurrency);
        return pool;
    }

    private void openAll(URI wsUri, IntFunction<String> tokens, int concurrency) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Promise<Void> all = Promise.promise();
        startMicros = BenchClock.micros();
        Runnable[] lane = new Runnable[1];
        lane[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= sockets.length) {
                return;
            }
            long started = BenchClock.micros();
            BenchSocket.connect(vertx, client, wsUri, tokens.apply(i), HELLO_TIMEOUT_MS).onComplete(result -> {
                if (result.succeeded()) {
                    handshakes.record(BenchClock.micros() - started);
                    sockets[i] = result.result();
                } else {
                    fail(result.cause());
                }
                if (done.incrementAndGet() == sockets.length) {
                    endMicros = BenchClock.micros();
                    all.tryComplete();
                } else {
                    lane[0].run();
                }
            });
        };
        if (sockets.length == 0) {
            endMicros = startMicros;
            return;
        }
        for (int i = 0; i < Math.min(concurrency, sockets.length); i++) {
            lane[0].run();
        }
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
        all.future().onComplete(x -> latch.countDown());
        latch.await();
    }

    private synchronized void fail(Throwable cause) {
        String reason = cause instanceof UpgradeRejectedException rejected ? "HTTP " + rejected.getStatus()
                : cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage());
        failures.merge(reason.length() > 120 ? reason.substring(0, 120) : reason, 1, Integer::sum);
    }

    /** Pings every open socket at this interval (below the server's 2 × heartbeat timeout). */
    public void keepAlive(long intervalMs) {
        keepAliveTimer = vertx.setPeriodic(intervalMs, id -> {
            for (BenchSocket socket : sockets) {
                if (socket != null) {
                    socket.ping();
                }
            }
        });
    }

    /** Socket i, or null when its handshake failed. */
    public BenchSocket get(int i) {
        return sockets[i];
    }

    public int size() {
        return sockets.length;
    }

    public List<BenchSocket> open() {
        List<BenchSocket> open = new ArrayList<>();
        for (BenchSocket socket : sockets) {
            if (socket != null && socket.isOpen()) {
                open.add(socket);
            }
        }
        return open;
    }

    public int opened() {
        return (int) java.util.Arrays.stream(sockets).filter(Objects::nonNull).count();
    }

    /** Sockets that opened and were closed by the server since (e.g. a slow consumer closed 1008). */
    public Map<String, Integer> closedByServer() {
        Map<String, Integer> closed = new TreeMap<>();
        for (BenchSocket socket : sockets) {
            if (socket != null && !socket.isOpen()) {
                closed.merge(String.valueOf(socket.closeStatus()), 1, Integer::sum);
            }
        }
        return closed;
    }

    public synchronized Map<String, Integer> failures() {
        return new TreeMap<>(failures);
    }

    public LatencyHistogram handshakes() {
        return handshakes;
    }

    public long startMicros() {
        return startMicros;
    }

    public long endMicros() {
        return endMicros;
    }

    /** Handshakes completed per second over the whole opening phase. */
    public double handshakesPerSec() {
        long elapsed = Math.max(1, endMicros - startMicros);
        return opened() * 1_000_000.0 / elapsed;
    }

    @Override
    public void close() throws InterruptedException {
        if (keepAliveTimer >= 0) {
            vertx.cancelTimer(keepAliveTimer);
        }
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(sockets.length);
        for (BenchSocket socket : sockets) {
            if (socket == null) {
                latch.countDown();
            } else {
                socket.close().onComplete(x -> latch.countDown());
            }
        }
        latch.await(20, TimeUnit.SECONDS);
        client.close();
    }
}
