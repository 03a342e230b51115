package io.parley.gateway.socket;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The socket part of the start-up warm-up on real loopback sockets of a Vert.x of its own: every handshake and
 * every round runs to its end (each socket greeted, each event answered by a ping the server parses and answers), and
 * the loopback server is gone afterwards; past its deadline it gives up instead of hanging.
 */
class SocketWarmUpTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyHandshakeAndRoundRunsAndTheServerIsClosedAfter() throws Exception {
        SocketWarmUp.Result result = SocketWarmUp.run(vertx, 5, 23, 10,
                System.nanoTime() + TimeUnit.SECONDS.toNanos(60));

        assertThat("sockets opened and closed, 5 at a time", result.handshakes(), is(23));
        // a greeting per socket (23 + the 5 of the rounds), an event per socket per round and a pong per ping
        assertThat(result.framesOut(), is(23L + 5 + 10 * 5 + 10 * 5));
        assertThat("every ping parsed", result.framesIn(), is(10L * 5));
        assertThat(result.port(), greaterThan(0));
        assertThat("nothing listens on the warm-up's port any more", refusedWithin(result.port(), 5000), is(true));
    }

    /**
     * Whether connecting to the port is refused within the time given. The server's close has completed when the
     * warm-up returns, but the JDK closes a listening socket registered with a selector only on that selector's next
     * wake-up, on the acceptor's event loop: for a moment after the close a connection can still be accepted by the
     * kernel (and reset right after).
     */
    private static boolean refusedWithin(int port, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        do {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            } catch (IOException refused) {
                return true;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        return false;
    }

    @Test
    void aDeadlineAlreadyPassedStopsItWithATimeout() {
        assertThrows(TimeoutException.class, () -> SocketWarmUp.run(vertx, 5, 100, 100, System.nanoTime()));
    }
}
