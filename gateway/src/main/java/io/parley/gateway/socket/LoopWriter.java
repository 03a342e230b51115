package io.parley.gateway.socket;

import io.netty.util.concurrent.EventExecutor;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes the frames of one event loop's sockets in batches. Whoever sends (the fan-out consumer's thread, an event
 * loop answering a frame, a replay's HTTP callback) only queues; one task on the loop writes everything queued, in the
 * order it was queued, and flushes each socket it wrote to once. A fan-out of one event to a thousand sockets costs
 * one task per loop instead of a task per socket, and when the loop falls behind (a cold JIT, a burst) the batches
 * grow: one flush, one system call, per socket per batch instead of per frame, so the cost per frame falls as the
 * backlog rises.
 * <p>
 * A socket's frames keep their order: they go through one queue, and each sender queues in its own order (the
 * channel delivery queues under the subscription's lock). A close queued behind frames is done after them.
 */
final class LoopWriter implements Runnable {

    private static final Logger LOG = Logger.getLogger(LoopWriter.class);
    /** Items written per task before the loop gets back to its I/O; the task is then queued again. */
    static final int MAX_PER_RUN = 8192;
    private static final ConcurrentMap<EventExecutor, LoopWriter> WRITERS = new ConcurrentHashMap<>();

    private final EventExecutor loop;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Sockets written to in the current run, to flush at its end; only touched on {@link #loop}. */
    private final List<ClientSocket> written = new ArrayList<>();

    private LoopWriter(EventExecutor loop) {
        this.loop = loop;
    }

    /** The writer of an event loop (one per loop, forgotten when the loop terminates). */
    static LoopWriter of(EventExecutor loop) {
        LoopWriter writer = WRITERS.get(loop);
        if (writer != null) {
            return writer;
        }
        return WRITERS.computeIfAbsent(loop, l -> {
            l.terminationFuture().addListener(done -> WRITERS.remove(l));
            return new LoopWriter(l);
        });
    }

    /** Queues a frame or a close for the socket; never blocks, from any thread. */
    void offer(ClientSocket socket, Object item) {
        queue.offer(new Pending(socket, item));
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this);
            } catch (RejectedExecutionException e) {
                // the loop is shutting down with its sockets: nothing queued can be written any more
                scheduled.set(false);
                queue.clear();
            }
        }
    }

    @Override
    public void run() {
        // cleared first: an item queued from here on either is taken below or schedules the next run
        scheduled.set(false);
        try {
            Pending next;
            for (int n = 0; n < MAX_PER_RUN && (next = queue.poll()) != null; n++) {
                try {
                    if (next.socket.writeQueued(next.item)) {
                        written.add(next.socket);
                    }
                } catch (RuntimeException e) {
                    // one socket in a strange state must not cost the others their frames
                    LOG.debugf("a frame for socket %s was not written: %s", next.socket.id(), e.toString());
                }
            }
        } finally {
            for (ClientSocket socket : written) {
                try {
                    socket.flushQueued();
                } catch (RuntimeException e) {
                    LOG.debugf("socket %s was not flushed: %s", socket.id(), e.toString());
                }
            }
            written.clear();
        }
        if (!queue.isEmpty()) {
            schedule();
        }
    }

    private record Pending(ClientSocket socket, Object item) {
    }
}
