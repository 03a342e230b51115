package io.parley.gateway.socket;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The socket part of the start-up warm-up: the gateway's own socket code run on loopback sockets before the instance
 * reports ready, so the JIT compiles it then instead of during the first load (docs/operations.md, "Start-up
 * warm-up"). A WebSocket server of the gateway's Vert.x listens on 127.0.0.1 on a port the kernel picks, for the
 * warm-up only; clients of the same Vert.x connect to it:
 * <ul>
 * <li>handshakes: sockets opened, greeted with a frame and closed, {@code sockets} at a time;</li>
 * <li>rounds: an event frame encoded once and queued to every socket through {@link ClientSocket#send} (the
 * {@link LoopWriter} batches a client's deliveries go through), each client answers with a {@code ping} frame that
 * the server side parses with {@link FrameParser} (behind the {@link RawSockets} guard, as a client's frames are) and
 * answers with a {@code pong}.</li>
 * </ul>
 * Nothing here is registered, subscribed or published: the sockets are not clients, they reach no other service,
 * and the server is closed when this returns (its port a moment later). Blocking: run it on a thread of its own,
 * never on an event loop.
 */
public final class SocketWarmUp {

    private static final String PATH = "/warm-up";

    /**
     * What ran: sockets opened and closed, frames written by the server side, client frames it parsed, and the port
     * the loopback server listened on (closed by then, released a moment later).
     */
    public record Result(int handshakes, long framesOut, long framesIn, int port) {
    }

    private SocketWarmUp() {
    }

    /**
     * @param sockets    sockets open at once (≥ 1)
     * @param handshakes sockets opened and closed in all (≥ 0)
     * @param rounds     fan-out rounds over {@code sockets} sockets (≥ 0)
     * @param deadlineNs {@link System#nanoTime()} by which to give up with a {@link TimeoutException}
     */
    public static Result run(Vertx vertx, int sockets, int handshakes, int rounds, long deadlineNs)
            throws InterruptedException, ExecutionException, TimeoutException {
        Queue<ClientSocket> accepted = new ConcurrentLinkedQueue<>();
        AtomicLong framesIn = new AtomicLong();
        AtomicLong framesOut = new AtomicLong();
        AtomicLong ids = new AtomicLong();
        OutboundFrame hello = FrameEncoder.encode(FrameEncoder.object().put("op", "hello")
                .set("d", FrameEncoder.object().put("sessionId", "warm-up")));
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setMaxWebSocketFrameSize(65536));
        server.webSocketHandler(ws -> {
            if (!PATH.equals(ws.path())) {
                ws.close((short) 1008);
                return;
            }
            RawSockets.guard(ws);
            ClientSocket socket = ClientSocket.loopback("warm-up-" + ids.incrementAndGet(), ws,
                    new VerifiedHandshake("warm-up", "warm-up", List.of("user"), Long.MAX_VALUE, "127.0.0.1",
                            "parley-warm-up", null));
            ws.textMessageHandler(text -> {
                InboundFrame frame = FrameParser.parse(text);
                framesIn.incrementAndGet();
                socket.send(FrameEncoder.pong(frame.id()));
                framesOut.incrementAndGet();
            });
            ws.closeHandler(closed -> accepted.remove(socket));
            accepted.add(socket);
            socket.send(hello);
            framesOut.incrementAndGet();
        });
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(65536).setMaxConnections(Math.max(sockets, 1)));
        // the clients are opened from an event-loop context of their own: a socket's frame handler is then set in the
        // task that completes its connect, before the server's greeting can be read (set from this thread, the
        // greeting could arrive first and be dropped)
        Context clients = vertx.getOrCreateContext();
        int port;
        int opened = 0;
        Future<Void> closing;
        try {
            port = await(server.listen(), deadlineNs).actualPort();
            while (opened < handshakes) {
                int batch = Math.min(sockets, handshakes - opened);
                List<WebSocket> open = connect(clients, client, port, batch, null, deadlineNs);
                opened += batch;
                closeAll(open, deadlineNs);
            }
            if (rounds > 0) {
                Semaphore answered = new Semaphore(0);
                List<WebSocket> open = connect(clients, client, port, sockets, answered, deadlineNs);
                awaitAccepted(accepted, sockets, deadlineNs);
                List<ClientSocket> targets = new ArrayList<>(accepted);
                for (int round = 0; round < rounds; round++) {
                    OutboundFrame event = FrameEncoder.event("warm-up.round", FrameEncoder.object()
                            .put("channelId", "00000000-0000-0000-0000-000000000000").put("seq", round)
                            .put("text", "warming up the path a message takes to its subscribers"), false);
                    for (ClientSocket socket : targets) {
                        socket.send(event);
                    }
                    framesOut.addAndGet(targets.size());
                    // each socket answers the event with a ping and counts the server's pong
                    if (!answered.tryAcquire(targets.size(), remainingNs(deadlineNs), TimeUnit.NANOSECONDS)) {
                        throw new TimeoutException("warm-up round " + round + " not answered in time");
                    }
                }
                closeAll(open, deadlineNs);
            }
        } finally {
            client.close();
            closing = server.close();
        }
        // the server is closed before this returns (a stop that comes early is not delayed by more than this); the
        // JDK releases the listening socket itself at the acceptor loop's next wake-up, a moment later
        closing.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return new Result(opened, framesOut.get(), framesIn.get(), port);
    }

    /**
     * Opens {@code count} sockets and waits for each one's greeting. With {@code answered}, a socket answers every
     * event with a {@code ping} and releases a permit for every {@code pong}.
     */
    private static List<WebSocket> connect(Context context, WebSocketClient client, int port, int count,
            Semaphore answered, long deadlineNs) throws InterruptedException, ExecutionException, TimeoutException {
        Semaphore greeted = new Semaphore(0);
        List<Promise<WebSocket>> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pending.add(Promise.promise());
        }
        context.runOnContext(start -> {
            for (Promise<WebSocket> connected : pending) {
                client.connect(port, "127.0.0.1", PATH).onSuccess(ws -> ws.textMessageHandler(text -> {
                    if (text.startsWith("{\"op\":\"hello\"")) {
                        greeted.release();
                    } else if (answered != null && text.startsWith("{\"op\":\"event\"")) {
                        ws.writeTextMessage("{\"op\":\"ping\",\"id\":\"w\"}");
                    } else if (answered != null && text.startsWith("{\"op\":\"pong\"")) {
                        answered.release();
                    }
                })).onComplete(connected);
            }
        });
        List<WebSocket> open = new ArrayList<>(count);
        for (Promise<WebSocket> socket : pending) {
            open.add(await(socket.future(), deadlineNs));
        }
        if (!greeted.tryAcquire(count, remainingNs(deadlineNs), TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("warm-up sockets not greeted in time");
        }
        return open;
    }

    private static void awaitAccepted(Queue<ClientSocket> accepted, int count, long deadlineNs)
            throws InterruptedException, TimeoutException {
        // the greeting was written after the socket was added: every greeted socket is in the queue already, and
        // the previous batches' server sides are gone once their close handlers ran
        while (accepted.size() != count) {
            if (remainingNs(deadlineNs) <= 0) {
                throw new TimeoutException("warm-up sockets of the last batch still closing");
            }
            Thread.sleep(5);
        }
    }

    private static void closeAll(List<WebSocket> open, long deadlineNs)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<Future<Void>> closing = new ArrayList<>(open.size());
        for (WebSocket ws : open) {
            closing.add(ws.close());
        }
        for (Future<Void> closed : closing) {
            await(closed, deadlineNs);
        }
    }

    private static <T> T await(Future<T> future, long deadlineNs)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.toCompletionStage().toCompletableFuture().get(remainingNs(deadlineNs), TimeUnit.NANOSECONDS);
    }

    private static long remainingNs(long deadlineNs) {
        return Math.max(0, deadlineNs - System.nanoTime());
    }
}
