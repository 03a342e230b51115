package io.parley.gateway.service;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.*;

/** The limiter's arithmetic, on a clock the test controls. */
class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstIsServedThenTheWaitIsTheTimeToTheNextToken() {
        TokenBucket bucket = new TokenBucket(10, 20, 0);
        for (int i = 0; i < 20; i++) {
            assertThat(bucket.tryTake(0), is(0L));
        }
        assertThat(bucket.tryTake(0), is(100L));
        assertThat(bucket.tryTake(SECOND / 20), is(50L));
    }

    @Test
    void tokensComeBackAtTheRateAndNeverBeyondTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 20, 0);
        for (int i = 0; i < 20; i++) {
            bucket.tryTake(0);
        }
        assertThat(bucket.tryTake(SECOND / 10), is(0L));
        assertThat(bucket.tryTake(SECOND / 10), greaterThan(0L));
        assertThat(bucket.isFull(100 * SECOND), is(true));
        int served = 0;
        while (bucket.tryTake(100 * SECOND) == 0) {
            served++;
        }
        assertThat(served, is(20));
    }
}
