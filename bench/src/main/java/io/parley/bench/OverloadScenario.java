package io.parley.bench;

import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code overload}: P DM pairs (as {@code dm} sets them up: both sides subscribed to their channel), the A side sends
 * on an open-loop schedule in three phases of {@code --duration} each: the sustainable {@code --rate} ("before"),
 * {@code --overload-factor} times it ("overload"), the sustainable rate again ("after"). Every send's answer is timed
 * from its scheduled time and sorted: {@code ok} (accepted), UNAVAILABLE "gateway overloaded" (shed by the gateway's
 * in-flight budget), UNAVAILABLE "no answer in time" (timed out), anything else by code.
 *
 * <p>Figures: {@code shedAnswerP99Ms} (how fast a shed command is answered), {@code acceptedP99Ms} (accepted commands
 * of the overload phase), {@code beforeP99Ms}, and {@code recoverySeconds}: in the after phase, the start of the first
 * one-second window (by scheduled time) whose accepted p99 is at most twice {@code beforeP99Ms}; null when none is.
 */
final class OverloadScenario {

    static final String SHED_MESSAGE = "gateway overloaded";
    static final String TIMEOUT_MESSAGE = "no answer in time";

    private OverloadScenario() {
    }

    /** The answers of one phase. */
    static final class Phase {
        final String name;
        final double rate;
        final LatencyHistogram accepted = new LatencyHistogram();
        final LatencyHistogram shed = new LatencyHistogram();
        final LatencyHistogram[] windows;
        final LongAdder timedOut = new LongAdder();
        final Map<String, Integer> otherErrors = new TreeMap<>();
        final LongAdder sent = new LongAdder();
        volatile long startMicros;

        Phase(String name, double rate, int seconds) {
            this.name = name;
            this.rate = rate;
            this.windows = new LatencyHistogram[Math.max(1, seconds)];
            for (int i = 0; i < windows.length; i++) {
                windows[i] = new LatencyHistogram();
            }
        }

        void accepted(long scheduledMicros, long latencyMicros) {
            accepted.record(latencyMicros);
            int window = (int) ((scheduledMicros - startMicros) / 1_000_000);
            windows[Math.min(Math.max(window, 0), windows.length - 1)].record(latencyMicros);
        }

        /** Sorts a failed answer: shed, timed out, or another error by its code. */
        void failed(long latencyMicros, Throwable error) {
            String message = String.valueOf(error.getMessage());
            String code = FanoutScenario.code(error);
            if (code.equals("UNAVAILABLE") && message.contains(SHED_MESSAGE)) {
                shed.record(latencyMicros);
            } else if (code.equals("UNAVAILABLE") && message.contains(TIMEOUT_MESSAGE)) {
                timedOut.increment();
            } else {
                FanoutScenario.count(otherErrors, code);
            }
        }
    }

    static BenchResult run(BenchTarget target, BenchOptions options, Vertx vertx) throws Exception {
        int pairs = options.pairs();
        Progress.say("%s: setting up %d DM pairs", target.name(), pairs);
        List<BenchTarget.User> senders = target.users("ova", pairs);
        List<BenchTarget.User> receivers = target.users("ovb", pairs);
        List<String> channels = target.directChannels(senders, receivers);
        List<BenchTarget.User> everyone = new ArrayList<>(senders);
        everyone.addAll(receivers);
        int seconds = (int) Math.max(1, options.duration().toSeconds());
        double rate = options.rate();
        double overloadRate = rate * options.overloadFactor();

        try (SocketPool pool = SocketPool.open(vertx, target.wsUri(), 2 * pairs, i -> everyone.get(i).token(),
                options.concurrency())) {
            pool.keepAlive(20_000);
            boolean[] ready = new boolean[pairs];
            for (int p = 0; p < pairs; p++) {
                BenchSocket a = pool.get(p);
                BenchSocket b = pool.get(pairs + p);
                ready[p] = a != null && b != null
                        && FanoutScenario.subscribeAll(List.of(a, b), channels.get(p)).size() == 2;
            }
            String runTag = Long.toString(BenchClock.micros(), 36);
            LongAdder replies = new LongAdder();
            long[] sentTotal = {0};

            Phase warmup = new Phase("warm-up", rate, (int) Math.max(1, options.warmup().toSeconds()));
            Phase before = new Phase("before", rate, seconds);
            Phase overload = new Phase("overload", overloadRate, seconds);
            Phase after = new Phase("after", rate, seconds);
            for (Phase phase : List.of(warmup, before, overload, after)) {
                java.time.Duration length = phase == warmup ? options.warmup() : options.duration();
                long count = OpenLoopSchedule.countFor(phase.rate, length);
                Progress.say("%s: %s, %d sends/s over %d pairs for %s", target.name(), phase.name, (long) phase.rate,
                        pairs, length);
                OpenLoopSchedule schedule = new OpenLoopSchedule(phase.rate, count);
                long base = sentTotal[0];
                phase.startMicros = BenchClock.micros();
                schedule.run((index, due) -> {
                    if (index == 0) {
                        phase.startMicros = due;
                    }
                    long n = base + index;
                    int pair = (int) (n % pairs);
                    phase.sent.increment();
                    if (!ready[pair]) {
                        FanoutScenario.count(phase.otherErrors, "NO_SOCKET");
                        replies.increment();
                        return;
                    }
                    pool.get(pair).send(channels.get(pair), new BenchPayload('p', pair, n, due).text(),
                            runTag + "-" + n).onComplete(reply -> {
                                long latency = BenchClock.micros() - due;
                                if (reply.succeeded()) {
                                    phase.accepted(due, latency);
                                } else {
                                    phase.failed(latency, reply.cause());
                                }
                                replies.increment();
                            });
                });
                sentTotal[0] += count;
            }
            long total = sentTotal[0];
            // a command still in flight is answered by the gateway's command timeout at the latest
            Drain.await(() -> replies.sum() == total, replies::sum, 15_000, 90_000);

            Double beforeP99 = before.accepted.percentileMs(99);
            Double threshold = beforeP99 == null ? null : 2 * beforeP99;
            Integer recoverySeconds = null;
            List<Double> afterWindowsP99 = new ArrayList<>();
            for (int i = 0; i < after.windows.length; i++) {
                Double p99 = after.windows[i].percentileMs(99);
                afterWindowsP99.add(p99);
                if (recoverySeconds == null && threshold != null && p99 != null && p99 <= threshold) {
                    recoverySeconds = i;
                }
            }
            long shed = 0;
            long accepted = 0;
            long timedOut = 0;
            Map<String, Integer> otherErrors = new TreeMap<>();
            for (Phase phase : List.of(before, overload, after)) {
                shed += phase.shed.count();
                accepted += phase.accepted.count();
                timedOut += phase.timedOut.sum();
                otherErrors = FanoutScenario.merge(otherErrors, FanoutScenario.snapshot(phase.otherErrors));
            }
            return BenchResult.of(options.scenario(), 3 * options.duration().toMillis() / 1000.0, pool.opened(),
                            overload.accepted)
                    .with("sustainableMsgPerSec", rate)
                    .with("offeredMsgPerSec", overloadRate)
                    .with("pairs", pairs)
                    .with("shedAnswerP50Ms", overload.shed.percentileMs(50))
                    .with("shedAnswerP99Ms", overload.shed.percentileMs(99))
                    .with("acceptedP50Ms", overload.accepted.percentileMs(50))
                    .with("acceptedP99Ms", overload.accepted.percentileMs(99))
                    .with("beforeP99Ms", beforeP99)
                    .with("afterP99Ms", after.accepted.percentileMs(99))
                    .with("recoveryThresholdMs", threshold)
                    .with("recoverySeconds", recoverySeconds)
                    .with("afterWindowsP99Ms", afterWindowsP99)
                    .with("overloadSent", overload.sent.sum())
                    .with("overloadAccepted", overload.accepted.count())
                    .with("overloadShed", overload.shed.count())
                    .with("overloadTimedOut", overload.timedOut.sum())
                    .with("shed", shed)
                    .with("accepted", accepted)
                    .with("timedOut", timedOut)
                    .with("otherErrors", otherErrors)
                    .with("unanswered", total - replies.sum())
                    .with("socketFailures", pool.failures())
                    .with("closedByServer", pool.closedByServer());
        }
    }
}
