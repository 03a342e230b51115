package io.parley.bench;

import java.util.BitSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which subscriber got which message, to count lost and duplicated deliveries exactly. A message counts as expected
 * once the server acknowledged its send; each subscriber's set is written by that socket's event loop only.
 */
public final class DeliveryLedger {

    private final BitSet[] received;
    private final BitSet acknowledged = new BitSet();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder duplicated = new LongAdder();

    public DeliveryLedger(int subscribers) {
        received = new BitSet[subscribers];
        for (int i = 0; i < subscribers; i++) {
            received[i] = new BitSet();
        }
    }

    /** Records that subscriber {@code subscriber} got message {@code index}; false when it had it already. */
    public boolean deliver(int subscriber, int index) {
        BitSet set = received[subscriber];
        synchronized (set) {
            if (set.get(index)) {
                duplicated.increment();
                return false;
            }
            set.set(index);
        }
        delivered.increment();
        return true;
    }

    public void acknowledge(int index) {
        synchronized (acknowledged) {
            acknowledged.set(index);
        }
    }

    public int acknowledged() {
        synchronized (acknowledged) {
            return acknowledged.cardinality();
        }
    }

    /** Distinct deliveries so far. */
    public long delivered() {
        return delivered.sum();
    }

    public long duplicated() {
        return duplicated.sum();
    }

    /** Deliveries still missing: acknowledged messages a subscriber has not received, summed over subscribers. */
    public long lost() {
        return lost(subscriber -> true);
    }

    /** The same, over the subscribers {@code counted} selects. */
    public long lost(java.util.function.IntPredicate counted) {
        BitSet expected;
        synchronized (acknowledged) {
            expected = (BitSet) acknowledged.clone();
        }
        long lost = 0;
        for (int i = 0; i < received.length; i++) {
            if (!counted.test(i)) {
                continue;
            }
            BitSet missing = (BitSet) expected.clone();
            synchronized (received[i]) {
                missing.andNot(received[i]);
            }
            lost += missing.cardinality();
        }
        return lost;
    }

    /** The deliveries a complete run makes: acknowledged messages times subscribers. */
    public long expected(int subscribers) {
        return (long) acknowledged() * subscribers;
    }
}
