package io.parley.gateway.socket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.parley.devstack.DevstackResource;
import io.parley.gateway.service.SocketRegistry;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.TestSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The outbound path ({@link LoopWriter}) on a real socket: frames queued while the socket's event loop is busy (as it
 * is when fan-out outruns it) go out in the order queued, from one task on the loop and with one flush for the whole
 * batch; a close queued behind frames follows them.
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class LoopWriterTest extends GatewayTest {

    private static final String TYPE = "test.loop";

    @Inject
    SocketRegistry registry;

    /** Counts the flushes that reach the head of the pipeline: each is a write to the kernel. */
    static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        final AtomicInteger flushes = new AtomicInteger();

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes.incrementAndGet();
            ctx.flush();
        }
    }

    private ClientSocket serverSide(TestSocket client) {
        String sessionId = client.awaitFrame(f -> "hello".equals(f.getString("op")))
                .getJsonObject("d").getString("sessionId");
        ClientSocket socket = registry.byId(sessionId);
        assertThat("the socket is registered", socket, notNullValue());
        assertThat("the socket's Netty context is reachable", socket.nettyContext(), notNullValue());
        return socket;
    }

    private static OutboundFrame numbered(int n) {
        var d = FrameEncoder.object().put("n", n);
        return FrameEncoder.event(TYPE, d, false);
    }

    private static List<Integer> numbers(TestSocket client) {
        return client.frames.stream().filter(f -> TYPE.equals(f.getString("t")))
                .map(f -> f.getJsonObject("d").getInteger("n")).toList();
    }

    /** Holds the socket's event loop until the returned latch is counted down (at most 10 s). */
    private static CountDownLatch holdLoop(ChannelHandlerContext netty) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        netty.executor().execute(() -> {
            held.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat("the event loop ran the holding task", held.await(10, TimeUnit.SECONDS), is(true));
        return release;
    }

    @Test
    void framesQueuedWhileTheLoopIsBusyGoOutInOrderWithOneFlush() throws Exception {
        TestSocket client = connect(newId());
        ClientSocket socket = serverSide(client);
        ChannelHandlerContext netty = socket.nettyContext();
        FlushCounter counter = new FlushCounter();
        netty.pipeline().addFirst("test-flush-counter", counter);

        int frames = 300;
        SingleThreadEventExecutor loop = (SingleThreadEventExecutor) netty.executor();
        CountDownLatch release = holdLoop(netty);
        int tasksBefore = loop.pendingTasks();
        for (int n = 1; n <= frames; n++) {
            socket.send(numbered(n));
        }
        int tasksQueued = loop.pendingTasks() - tasksBefore;
        release.countDown();
        // a task per write would have queued 300 (Vert.x's writeFrame from another thread does); one does them all
        // (the bound leaves room for tasks other sockets of the loop may queue meanwhile)
        assertThat("tasks queued on the loop for 300 frames", tasksQueued, lessThan(10));

        await().atMost(Duration.ofSeconds(30)).until(() -> numbers(client).size() >= frames);
        assertThat(numbers(client), is(IntStream.rangeClosed(1, frames).boxed().toList()));
        assertThat("one flush for the batch, not one per frame", counter.flushes.get(), is(1));
    }

    @Test
    void aCloseQueuedBehindFramesFollowsThemAndEndsTheWrites() throws Exception {
        TestSocket client = connect(newId());
        ClientSocket socket = serverSide(client);

        CountDownLatch release = holdLoop(socket.nettyContext());
        for (int n = 1; n <= 3; n++) {
            socket.send(numbered(n));
        }
        socket.close(4029, "rate limit abused");
        socket.send(numbered(4));
        release.countDown();

        assertThat(client.awaitClose(), is(4029));
        assertThat("the frames before the close, not the one after it", numbers(client), is(List.of(1, 2, 3)));
    }
}
