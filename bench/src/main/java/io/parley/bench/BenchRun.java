package io.parley.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one scenario against its target and, for Parley, the same shape against the baseline in the same run. */
public final class BenchRun {

    private BenchRun() {
    }

    public static BenchResult run(BenchOptions options) throws Exception {
        // a loaded machine stalls event loops for long moments; that is what we measure, not a bug to log
        Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(60_000));
        try {
            if (options.baseline()) {
                return onBaseline(options, vertx);
            }
            try (ParleyStack stack = ParleyStack.findOrStart(options)) {
                BenchResult result = scenario(new ParleyTarget(stack.url(), stack.gatewayPid()), options, vertx);
                // overload measures the gateway's in-flight budget, which the bare server has no counterpart of
                if (!options.withBaseline() || options.scenario().equals("overload")) {
                    return result;
                }
                double settleS = settle(StackProcesses.find(stack.gatewayPid()));
                BenchResult baseline = onBaseline(options.asBaseline(), vertx);
                return compare(result, baseline).with("baselineAfterSettleS", settleS);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    static final double SETTLED_CORES = 0.5;
    static final int SETTLED_SECONDS = 2;
    static final int MAX_SETTLE_SECONDS = 60;

    /**
     * Waits until the stack (without the bench) has used under {@value #SETTLED_CORES} cores for
     * {@value #SETTLED_SECONDS} seconds in a row, at most {@value #MAX_SETTLE_SECONDS} s, and answers how long it
     * waited. Right after a run the stack is still handling what the run left behind (19,000 {@code session.closed}
     * after a {@code connect}); a bare server measured meanwhile shares the two cores with that, so its figure, and
     * the ratio, followed how fast the stack caught up (bare 461–970 handshakes/s on one evening).
     */
    static double settle(StackProcesses stack) throws InterruptedException {
        return settle(stack.members().stream().filter(member -> member.kind() != StackProcesses.Kind.BENCH).toList(),
                MAX_SETTLE_SECONDS);
    }

    static double settle(List<StackProcesses.Member> members, int maxSeconds) throws InterruptedException {
        long started = System.nanoTime();
        long previous = stackTicks(members);
        int quiet = 0;
        while (quiet < SETTLED_SECONDS && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(maxSeconds)) {
            Thread.sleep(1000);
            long now = stackTicks(members);
            quiet = now - previous < SETTLED_CORES * ProcCpu.TICKS_PER_SECOND ? quiet + 1 : 0;
            previous = now;
        }
        double waited = (System.nanoTime() - started) / 1e9;
        Progress.say("stack settled for the baseline after %.0f s", waited);
        return Math.round(waited * 10) / 10.0;
    }

    private static long stackTicks(List<StackProcesses.Member> members) {
        return members.stream().mapToLong(member -> StackCost.ticks(member).orElse(0L)).sum();
    }

    private static BenchResult onBaseline(BenchOptions options, Vertx vertx) throws Exception {
        try (BaselineTarget target = BaselineTarget.start()) {
            return scenario(target, options, vertx);
        }
    }

    private static BenchResult scenario(BenchTarget target, BenchOptions options, Vertx vertx) throws Exception {
        return switch (options.scenario().replace("baseline-", "")) {
            case "connect" -> ConnectScenario.run(target, options);
            case "fanout" -> FanoutScenario.run(target, options, vertx);
            case "dm" -> DmScenario.run(target, options, vertx);
            case "overload" -> OverloadScenario.run(target, options, vertx);
            default -> throw new IllegalArgumentException("unknown scenario " + options.scenario());
        };
    }

    /** Parley ÷ bare Vert.x: throughput (deliveries or handshakes per second) and p99. */
    static BenchResult compare(BenchResult parley, BenchResult baseline) {
        BenchResult result = parley.with("baseline", baseline.toJson());
        Double ours = parley.deliveriesPerSec() != null ? parley.deliveriesPerSec() : parley.handshakesPerSec();
        Double theirs = baseline.deliveriesPerSec() != null ? baseline.deliveriesPerSec()
                : baseline.handshakesPerSec();
        if (ours != null && theirs != null && theirs > 0) {
            result = result.with("ratioToBaseline", ours / theirs);
        }
        if (parley.p99Ms() != null && baseline.p99Ms() != null && baseline.p99Ms() > 0) {
            result = result.with("p99RatioToBaseline", parley.p99Ms() / baseline.p99Ms());
        }
        return result;
    }
}
