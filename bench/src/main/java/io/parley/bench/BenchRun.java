package io.parley.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

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
                BenchResult baseline = onBaseline(options.asBaseline(), vertx);
                return compare(result, baseline);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
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
