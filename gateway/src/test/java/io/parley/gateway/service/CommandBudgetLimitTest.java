package io.parley.gateway.service;

import com.netflix.concurrency.limits.Limiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.gateway.error.ReplyException;
import io.parley.kit.error.UnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The adaptive limit of the in-flight budget, on the real limiter and the real clock: answers slower than the target
 * lower it (down to min-in-flight, and a command beyond it is shed), a timeout lowers it, answers within the target
 * raise it again while the commands use it; refusals and cancellations leave it alone. The sleeps are the round trips
 * the limiter measures (it reads System.nanoTime), not waits for something to happen. The loops run until the limit
 * has moved (bounded), never for a fixed time, so a slow machine only makes them take longer. CommandBudgetTest shows
 * the shedding end to end over the broker.
 */
class CommandBudgetLimitTest {

    private static final Duration TARGET = Duration.ofMillis(50);

    @Test
    void slowAnswersLowerTheLimitToTheFloorAndFastAnswersRaiseItAgain() throws Exception {
        CommandBudget budget = budget(100, OptionalInt.of(10), TARGET);
        assertThat("the limit starts at max-in-flight", budget.limit(), is(100));

        // answers twice the target: every window lowers the limit by a tenth, down to the floor
        runUntil(budget, limit -> limit == 10, 2 * TARGET.toMillis(), 20);
        assertThat(budget.limit(), is(10));

        // at the floor: 10 places, the 11th command is shed
        List<Limiter.Listener> held = acquire(budget, 10);
        assertThat(budget.tryAcquire(), is(Optional.empty()));
        assertThat(budget.inFlight(), is(10));
        held.forEach(Limiter.Listener::onIgnore);
        assertThat(budget.inFlight(), is(0));

        // answers well within the target, with the limit in use: it grows again, one a window
        runUntil(budget, limit -> limit >= 20, 2, -1);
        assertThat(budget.limit(), greaterThan(10));
    }

    @Test
    void aTimeoutLowersTheLimitAndRefusalsOrCancellationsDoNot() throws Exception {
        CommandBudget budget = budget(100, OptionalInt.empty(), TARGET);
        assertThat("min-in-flight defaults to 50", budget.min(), is(50));

        // refused before sending (rate limit), publish failures and cancellations: no sample, however many
        for (int round = 0; round < 5; round++) {
            List<Limiter.Listener> held = acquire(budget, 20);
            Thread.sleep(2 * TARGET.toMillis());
            for (int i = 0; i < held.size(); i++) {
                CommandBudget.settle(held.get(i), i % 2 == 0 ? new UnavailableException("kafka away") : null, i % 2 == 1);
            }
        }
        assertThat(budget.limit(), is(100));

        // answers with an error code are answers (within the target: no change), timeouts are drops
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (budget.limit() == 100 && System.nanoTime() < deadline) {
            List<Limiter.Listener> held = acquire(budget, 10);
            Thread.sleep(1);
            held.forEach(place -> CommandBudget.settle(place, ReplyException.of("FORBIDDEN", "no"), false));
            held = acquire(budget, 10);
            Thread.sleep(1);
            held.forEach(place -> CommandBudget.settle(place, new PendingReplies.NoAnswerInTime(), false));
        }
        assertThat(budget.limit(), lessThan(100));
        assertThat(budget.limit(), greaterThan(49));
        assertThat(PendingReplies.isTimeout(new PendingReplies.NoAnswerInTime()), is(true));
        assertThat(PendingReplies.isTimeout(new UnavailableException("no answer in time, retry")), is(false));
    }

    @Test
    void eachWindowTakesATenthOffOrAddsATenthWhenUsed() {
        long target = TARGET.toNanos();
        CommandBudget.RoundTripLimit limit = new CommandBudget.RoundTripLimit(50, 1000, target);
        assertThat(limit.getLimit(), is(1000));
        limit.onSample(0, target + 1, 900, false);
        assertThat("a slow window", limit.getLimit(), is(900));
        limit.onSample(0, 1, 900, true);
        assertThat("a window with a timeout", limit.getLimit(), is(810));
        limit.onSample(0, target, 100, false);
        assertThat("within the target but unused: no change", limit.getLimit(), is(810));
        limit.onSample(0, target, 405, false);
        assertThat("within the target and used", limit.getLimit(), is(891));
        for (int i = 0; i < 100; i++) {
            limit.onSample(0, target * 2, 1000, false);
        }
        assertThat("never below min", limit.getLimit(), is(50));
        int windows = 0;
        while (limit.getLimit() < 200) {
            limit.onSample(0, 1, limit.getLimit(), false);
            windows++;
        }
        assertThat("from the floor to four times it in a handful of windows", windows, lessThan(20));
        for (int i = 0; i < 100; i++) {
            limit.onSample(0, 1, 1000, false);
        }
        assertThat("never above max", limit.getLimit(), is(1000));
    }

    @Test
    void aFixedBoundWhenMinEqualsMax() throws Exception {
        CommandBudget budget = budget(30, OptionalInt.of(30), Duration.ofMillis(1));
        for (int round = 0; round < 3; round++) {
            List<Limiter.Listener> held = acquire(budget, 30);
            Thread.sleep(150);
            held.forEach(Limiter.Listener::onSuccess);
        }
        assertThat(budget.limit(), is(30));
    }

    @Test
    void badSettingsStopStartUpWithTheirName() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> budget(0, OptionalInt.empty(), TARGET))
                .getMessage(), containsString("max-in-flight"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> budget(10, OptionalInt.of(11), TARGET))
                .getMessage(), containsString("min-in-flight"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> budget(10, OptionalInt.of(0), TARGET))
                .getMessage(), containsString("min-in-flight"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> budget(10, OptionalInt.empty(), Duration.ZERO))
                .getMessage(), containsString("target-round-trip"));
        assertThat("a max below the default floor is the floor", budget(3, OptionalInt.empty(), TARGET).min(), is(3));
    }

    /**
     * Batches of {@code batch} commands (-1: as many as half the limit and one more, so the window uses it) answered
     * after {@code answerMs}, until the limit satisfies {@code done} (at most a minute).
     */
    private static void runUntil(CommandBudget budget, IntPredicate done, long answerMs, int batch) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.test(budget.limit()) && System.nanoTime() < deadline) {
            List<Limiter.Listener> held = acquire(budget, batch < 0 ? budget.limit() / 2 + 1 : Math.min(batch, budget.limit()));
            Thread.sleep(answerMs);
            held.forEach(place -> CommandBudget.settle(place, null, false));
        }
        assertThat("the limit did not move as expected within a minute: " + budget.limit(), done.test(budget.limit()),
                is(true));
        assertThat(budget.inFlight(), lessThanOrEqualTo(0));
    }

    private static List<Limiter.Listener> acquire(CommandBudget budget, int n) {
        List<Limiter.Listener> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            held.add(budget.tryAcquire().orElseThrow(() -> new AssertionError("shed below the limit " + budget.limit())));
        }
        return held;
    }

    private static CommandBudget budget(int max, OptionalInt min, Duration target) {
        return new CommandBudget(new CommandBudget.Config() {
            @Override
            public int maxInFlight() {
                return max;
            }

            @Override
            public OptionalInt minInFlight() {
                return min;
            }

            @Override
            public Duration targetRoundTrip() {
                return target;
            }
        }, new SimpleMeterRegistry());
    }
}
