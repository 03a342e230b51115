package io.parley.gateway.service;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.*;

/** The channel → receivers index stays exact under concurrent subscribes and unsubscribes. */
class FanOutIndexTest {

    @Test
    void addIsIdempotentAndRemoveDropsEmptyKeys() {
        FanOutIndex<Object> index = new FanOutIndex<>();
        Object a = new Object();
        index.add("c", a);
        index.add("c", a);
        assertThat(index.receivers("c").length, is(1));
        index.remove("c", a);
        assertThat(index.receivers("c").length, is(0));
        assertThat(index.keys(), is(0));
    }

    @Test
    void concurrentChangesLoseNothing() throws Exception {
        FanOutIndex<Object> index = new FanOutIndex<>();
        List<Object> kept = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch done = new CountDownLatch(4);
        List<List<Object>> perThread = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            List<Object> mine = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                mine.add(new Object());
            }
            perThread.add(mine);
            kept.addAll(mine.subList(0, 250));
        }
        for (List<Object> mine : perThread) {
            pool.submit(() -> {
                mine.forEach(o -> index.add("channel", o));
                mine.subList(250, 500).forEach(o -> index.remove("channel", o));
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS), is(true));
        pool.shutdown();
        Object[] receivers = index.receivers("channel");
        assertThat(receivers.length, is(1000));
        assertThat(List.of(receivers), containsInAnyOrder(kept.toArray()));
    }
}
