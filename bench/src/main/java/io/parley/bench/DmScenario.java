package io.parley.bench;

import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code dm}: P pairs of users, each pair on its DM channel. A sends pings on an open-loop schedule (the rate counts
 * pings and pongs, so pings go at half of it); B answers each ping with a pong at once; A measures the round trip
 * from the ping's scheduled time to the pong's arrival.
 *
 * <p>With {@code --hook-delay D}, each B is a bot with an outgoing subscription to {@code message.created} on its DM
 * channel, delivered to the bench's {@link HookReceiver}, which answers after D. The run then also reports whether
 * every ping was delivered there (in order, duplicates only by delivery id), and the round trip shows whether slow
 * receivers delay the chat path (they must not: docs/subscriptions.md, "Off the chat path"). {@code --bot-pongers}
 * makes B a bot without a subscription: the control for that comparison.
 */
final class DmScenario {

    private DmScenario() {
    }

    static BenchResult run(BenchTarget target, BenchOptions options, Vertx vertx) throws Exception {
        int pairs = options.pairs();
        Progress.say("%s: setting up %d DM pairs", target.name(), pairs);
        List<BenchTarget.User> pingers = target.users("dma", pairs);
        boolean hooks = options.hookDelay().isPresent();
        boolean bots = hooks || options.botPongers();
        List<BenchTarget.User> pongers = bots ? target.bots("dmb", pairs) : target.users("dmb", pairs);
        List<String> channels = target.directChannels(pingers, pongers);
        HookReceiver receiver = hooks ? HookReceiver.start(vertx, options.hookDelay().get()) : null;
        if (hooks) {
            Progress.say("%s: subscribing %d bots to their DM channels (receiver %s answers after %d ms)",
                    target.name(), pairs, receiver.url(), options.hookDelay().get().toMillis());
            for (int p = 0; p < pairs; p++) {
                receiver.register(target.subscribe(pongers.get(p), channels.get(p), receiver.url()));
            }
        }
        List<BenchTarget.User> everyone = new ArrayList<>(pingers);
        everyone.addAll(pongers);

        try (receiver; StackCost cost = StackCost.of(target); SocketPool pool = SocketPool.open(vertx, target.wsUri(), 2 * pairs,
                i -> everyone.get(i).token(), options.concurrency())) {
            pool.keepAlive(20_000);
            double pingRate = options.rate() / 2.0;
            long total = OpenLoopSchedule.countFor(pingRate, options.warmup().plus(options.duration()));
            long warmupCount = OpenLoopSchedule.countFor(pingRate, options.warmup());
            if (hooks) {
                receiver.warmupPings(warmupCount);
            }
            LatencyHistogram roundTrip = new LatencyHistogram();
            // the first leg alone (ping's scheduled send → its arrival at the ponger): with the round trip, where a
            // slowdown is, on the way to the ponger or back
            LatencyHistogram pingLeg = new LatencyHistogram();
            BitSet ponged = new BitSet();
            // pongs the server refused (the ponger's send answered with an error, e.g. UNAVAILABLE when the gateway
            // sheds): never acknowledged, so never expected; without them the drain waited 10 s for pongs that could
            // not come and counted them lost. Pings acknowledged: what a pong is expected for. All three guarded by
            // ponged's monitor
            BitSet pongRefused = new BitSet();
            BitSet acked = new BitSet();
            LongAdder duplicated = new LongAdder();
            LongAdder delivered = new LongAdder();
            // messages carried end to end (a ping delivered to its ponger, a pong to its pinger): what the cost is
            // divided by, since a send the gateway answered UNAVAILABLE (timed out) may still be committed and carried
            LongAdder carried = new LongAdder();
            AtomicLong lastDelivery = new AtomicLong();
            Map<String, Integer> sendErrors = new TreeMap<>();
            String runTag = Long.toString(BenchClock.micros(), 36);
            boolean[] ready = new boolean[pairs];

            for (int p = 0; p < pairs; p++) {
                BenchSocket a = pool.get(p);
                BenchSocket b = pool.get(pairs + p);
                if (a == null || b == null) {
                    continue;
                }
                String channel = channels.get(p);
                ready[p] = FanoutScenario.subscribeAll(List.of(a, b), channel).size() == 2;
                b.onPayload(ping -> {
                    if (ping.kind() != 'p') {
                        return;
                    }
                    delivered.increment();
                    if (ping.b() >= warmupCount) {
                        carried.increment();
                        pingLeg.record(BenchClock.micros() - ping.micros());
                    }
                    b.send(channel, new BenchPayload('q', ping.a(), ping.b(), ping.micros()).text(),
                            runTag + "-q" + ping.b()).onFailure(e -> {
                                FanoutScenario.count(sendErrors, "pong " + FanoutScenario.code(e));
                                synchronized (ponged) {
                                    pongRefused.set((int) ping.b());
                                }
                            });
                });
                a.onPayload(pong -> {
                    if (pong.kind() != 'q') {
                        return;
                    }
                    long now = BenchClock.micros();
                    boolean first;
                    synchronized (ponged) {
                        first = !ponged.get((int) pong.b());
                        ponged.set((int) pong.b());
                    }
                    if (!first) {
                        duplicated.increment();
                        return;
                    }
                    delivered.increment();
                    if (pong.b() >= warmupCount) {
                        carried.increment();
                        roundTrip.record(now - pong.micros());
                        lastDelivery.accumulateAndGet(now, Math::max);
                    }
                });
            }

            Progress.say("%s: %d pings/s (+ as many pongs) over %d pairs for %s (+%s warm-up)", target.name(),
                    (long) pingRate, pairs, options.duration(), options.warmup());
            LongAdder pingsAcked = new LongAdder();
            LongAdder replies = new LongAdder();
            OpenLoopSchedule schedule = new OpenLoopSchedule(pingRate, total);
            schedule.run((index, due) -> {
                if (index == warmupCount) {
                    cost.startSoon();
                }
                int pair = (int) (index % pairs);
                if (!ready[pair]) {
                    FanoutScenario.count(sendErrors, "NO_SOCKET");
                    replies.increment();
                    return;
                }
                pool.get(pair).send(channels.get(pair), new BenchPayload('p', pair, index, due).text(),
                        runTag + "-p" + index).onComplete(reply -> {
                            if (reply.succeeded()) {
                                pingsAcked.increment();
                                synchronized (ponged) {
                                    acked.set((int) index);
                                }
                            } else {
                                FanoutScenario.count(sendErrors, "ping " + FanoutScenario.code(reply.cause()));
                            }
                            replies.increment();
                        });
            });
            Drain.await(() -> replies.sum() == total && awaited(acked, ponged, pongRefused) == 0,
                    () -> replies.sum() + delivered.sum(), 10_000, 60_000);
            cost.endNow();

            long windowMicros = Math.max(1, lastDelivery.get() - schedule.scheduledMicros(warmupCount));
            long measuredPongs = roundTrip.count();
            Map<String, Object> hookFigures = Map.of();
            if (hooks) {
                // the deliveries trail the chat path by design: wait for them apart, after the round trips
                long expected = pingsAcked.sum();
                Progress.say("%s: waiting for %d subscription deliveries (%d so far)", target.name(), expected,
                        receiver.pingsDelivered());
                Drain.await(() -> receiver.pingsDelivered() >= expected, receiver::requests, 30_000, 300_000);
                hookFigures = receiver.figures(expected);
            }
            BenchResult result = BenchResult.of(options.scenario(), options.duration().toMillis() / 1000.0, pool.opened(),
                            roundTrip)
                    // deliveries: the measured round trips carried two messages each
                    .withDeliveries(2 * measuredPongs * 1_000_000.0 / windowMicros,
                            awaited(acked, ponged, pongRefused), duplicated.sum())
                    .with("offeredMsgPerSec", options.rate())
                    .with("pairs", pairs)
                    .with("pongers", bots ? "bots" : "users")
                    .with("pingLegP50Ms", pingLeg.percentileMs(50))
                    .with("pingLegP99Ms", pingLeg.percentileMs(99))
                    .with("pingsSent", total)
                    .with("pingsAcknowledged", pingsAcked.sum())
                    .with("sendErrors", FanoutScenario.snapshot(sendErrors))
                    .with("unanswered", total - replies.sum())
                    .with("socketFailures", pool.failures())
                    .with("closedByServer", pool.closedByServer())
                    .with("senderMaxLagMs", schedule.maxLagMs());
            for (Map.Entry<String, Object> figure : hookFigures.entrySet()) {
                result = result.with(figure.getKey(), figure.getValue());
            }
            return cost.report(result, carried.sum(), "one message carried end to end (a ping delivered to its "
                    + "ponger or a pong to its pinger) of a ping scheduled after the warm-up", null);
        }
    }

    /**
     * Acknowledged pings whose round trip is still owed: no pong arrived and the ponger's send was not refused
     * (a ping that never reached its ponger, or a pong acknowledged but not delivered). After the drain: lost.
     */
    static long awaited(BitSet acked, BitSet ponged, BitSet pongRefused) {
        synchronized (ponged) {
            BitSet owed = (BitSet) acked.clone();
            owed.andNot(ponged);
            owed.andNot(pongRefused);
            return owed.cardinality();
        }
    }
}
