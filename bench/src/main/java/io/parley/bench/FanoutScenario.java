package io.parley.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code fanout} / {@code baseline-fanout}: S subscriber sockets (spread over many users) on one channel and K
 * senders offering an open-loop rate; every delivery is checked against a ledger (lost, duplicated) and its latency
 * measured from the scheduled send time carried in the text.
 */
final class FanoutScenario {

    private static final long KEEPALIVE_MS = 20_000;

    private FanoutScenario() {
    }

    static BenchResult run(BenchTarget target, BenchOptions options, Vertx vertx) throws Exception {
        int userCount = (int) Math.ceil(options.subscribers() / (double) options.socketsPerUser());
        Progress.say("%s: setting up %d subscriber users and %d senders", target.name(), userCount,
                options.senders());
        List<BenchTarget.User> subscriberUsers = target.users("sub", userCount);
        List<BenchTarget.User> senderUsers = target.users("snd", options.senders());
        List<BenchTarget.User> members = new ArrayList<>(senderUsers);
        members.addAll(subscriberUsers);
        String channelId = target.publicChannel(senderUsers.get(0), members);

        Progress.say("%s: opening %d subscriber sockets", target.name(), options.subscribers());
        try (SocketPool subscriberPool = SocketPool.open(vertx, target.wsUri(), options.subscribers(),
                i -> subscriberUsers.get(i % userCount).token(), options.concurrency());
                SocketPool senderPool = SocketPool.open(vertx, target.wsUri(), options.senders(),
                        i -> senderUsers.get(i).token(), options.concurrency());
                StackCost cost = StackCost.of(target)) {
            subscriberPool.keepAlive(KEEPALIVE_MS);
            senderPool.keepAlive(KEEPALIVE_MS);
            List<BenchSocket> subscribers = subscribeAll(subscriberPool.open(), channelId);

            long total = OpenLoopSchedule.countFor(options.rate(), options.warmup().plus(options.duration()));
            long warmupCount = OpenLoopSchedule.countFor(options.rate(), options.warmup());
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("rate × duration is too large");
            }
            DeliveryLedger ledger = new DeliveryLedger(subscribers.size());
            LatencyHistogram latency = new LatencyHistogram();
            // where the latency goes: scheduled send → server's createdAt, and createdAt → this socket
            LatencyHistogram toCommit = new LatencyHistogram();
            LatencyHistogram commitToSocket = new LatencyHistogram();
            CommitTime.PerMessage commitTimes = new CommitTime.PerMessage(4096);
            LongAdder measured = new LongAdder();
            // messages after the warm-up that reached a subscriber: what the cost is divided by, since a send the
            // gateway answered UNAVAILABLE (timed out) may still be committed and carried
            BitSet carried = new BitSet();
            AtomicLong lastDelivery = new AtomicLong();
            for (int k = 0; k < subscribers.size(); k++) {
                int subscriber = k;
                subscribers.get(k).onDelivery((payload, frame) -> {
                    long now = BenchClock.micros();
                    if (payload.kind() == 'f' && ledger.deliver(subscriber, (int) payload.a())
                            && payload.a() >= warmupCount) {
                        latency.record(now - payload.micros());
                        long committed = commitTimes.micros((int) payload.a(), frame);
                        if (committed > 0) {
                            toCommit.record(committed - payload.micros());
                            commitToSocket.record(now - committed);
                        }
                        measured.increment();
                        lastDelivery.accumulateAndGet(now, Math::max);
                        synchronized (carried) {
                            carried.set((int) payload.a());
                        }
                    }
                });
            }

            Progress.say("%s: sending %d msg/s from %d senders to %d subscribers for %s (+%s warm-up)", target.name(),
                    options.rate(), senderPool.opened(), subscribers.size(), options.duration(), options.warmup());
            Map<String, Integer> sendErrors = new TreeMap<>();
            LongAdder replies = new LongAdder();
            String runTag = Long.toString(BenchClock.micros(), 36);
            OpenLoopSchedule schedule = new OpenLoopSchedule(options.rate(), total);
            schedule.run((index, due) -> {
                if (index == warmupCount) {
                    cost.startSoon();
                }
                BenchSocket sender = senderPool.get((int) (index % options.senders()));
                if (sender == null) {
                    count(sendErrors, "NO_SOCKET");
                    replies.increment();
                    return;
                }
                sender.send(channelId, new BenchPayload('f', index, index % options.senders(), due).text(),
                        runTag + "-" + index).onComplete(reply -> {
                            if (reply.succeeded()) {
                                ledger.acknowledge((int) index);
                            } else {
                                count(sendErrors, code(reply.cause()));
                            }
                            replies.increment();
                        });
            });
            Drain.await(() -> replies.sum() == total && ledger.delivered() >= ledger.expected(subscribers.size()),
                    () -> replies.sum() + ledger.delivered(), 10_000, 60_000);
            cost.endNow();

            long windowMicros = Math.max(1, lastDelivery.get() - schedule.scheduledMicros(warmupCount));
            BenchResult result = BenchResult.of(options.scenario(), options.duration().toMillis() / 1000.0,
                    subscribers.size() + senderPool.opened(), latency)
                    // a socket the server closed (e.g. 1008, slow consumer) would reconnect with sinceSeq; the bench
                    // does not, so what it missed is reported apart from loss on sockets that stayed open
                    .withDeliveries(measured.sum() * 1_000_000.0 / windowMicros,
                            ledger.lost(k -> subscribers.get(k).isOpen()), ledger.duplicated())
                    .with("missedOnClosedSockets", ledger.lost(k -> !subscribers.get(k).isOpen()))
                    .with("offeredMsgPerSec", options.rate())
                    .with("offeredDeliveriesPerSec", (long) options.rate() * subscribers.size())
                    .with("subscribers", subscribers.size())
                    .with("senders", senderPool.opened())
                    .with("messagesSent", total)
                    .with("messagesAcknowledged", ledger.acknowledged())
                    .with("sendErrors", FanoutScenario.snapshot(sendErrors))
                    .with("unanswered", total - replies.sum())
                    .with("socketFailures", merge(subscriberPool.failures(), senderPool.failures()))
                    .with("closedByServer", merge(subscriberPool.closedByServer(), senderPool.closedByServer()))
                    .with("senderMaxLagMs", schedule.maxLagMs())
                    .with("sendToCommitP50Ms", toCommit.percentileMs(50))
                    .with("sendToCommitP99Ms", toCommit.percentileMs(99))
                    .with("commitToSocketP50Ms", commitToSocket.percentileMs(50))
                    .with("commitToSocketP99Ms", commitToSocket.percentileMs(99));
            long messages;
            synchronized (carried) {
                messages = carried.cardinality();
            }
            return cost.report(result, messages, "one message scheduled after the warm-up that reached a subscriber "
                    + "(cpuCoreMsPerDelivery: per delivery of those to a subscriber)", measured.sum());
        }
    }

    /** Subscribes every socket, waits for the answers and keeps those that got {@code ok}. */
    static List<BenchSocket> subscribeAll(List<BenchSocket> sockets, String channelId) throws InterruptedException {
        List<Future<?>> answers = new ArrayList<>();
        for (BenchSocket socket : sockets) {
            answers.add(socket.subscribe(channelId));
        }
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(answers.size());
        answers.forEach(answer -> answer.onComplete(x -> latch.countDown()));
        latch.await(60, TimeUnit.SECONDS);
        List<BenchSocket> subscribed = new ArrayList<>();
        Map<String, Integer> failed = new TreeMap<>();
        for (int i = 0; i < sockets.size(); i++) {
            if (answers.get(i).succeeded()) {
                subscribed.add(sockets.get(i));
            } else {
                count(failed, answers.get(i).isComplete() ? code(answers.get(i).cause()) : "NO_ANSWER");
            }
        }
        if (!failed.isEmpty()) {
            Progress.say("subscribe failed: %s", failed);
        }
        return subscribed;
    }

    static String code(Throwable error) {
        return error instanceof BenchSocket.RequestFailed failed ? failed.code() : error.getClass().getSimpleName();
    }

    static synchronized void count(Map<String, Integer> counts, String key) {
        counts.merge(key, 1, Integer::sum);
    }

    /** A copy taken under the lock {@link #count} writes under (replies may still be arriving). */
    static synchronized Map<String, Integer> snapshot(Map<String, Integer> counts) {
        return new TreeMap<>(counts);
    }

    static Map<String, Integer> merge(Map<String, Integer> a, Map<String, Integer> b) {
        Map<String, Integer> merged = new TreeMap<>(a);
        b.forEach((key, value) -> merged.merge(key, value, Integer::sum));
        return merged;
    }
}
