package io.parley.session.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far this instance has applied auth.users: the last handled offset per partition. Once every partition has
 * reached the end offsets seen at start-up, the ban set is complete and stays so (the listener keeps up live).
 */
@ApplicationScoped
public class BanListProgress {

    private final Map<Integer, Long> handled = new ConcurrentHashMap<>();
    private volatile Map<Integer, Long> target;
    private volatile boolean caughtUp;

    void handled(int partition, long offset) {
        handled.merge(partition, offset, Math::max);
    }

    /** The end offsets to reach; only the first call counts, so a busy topic cannot move the goal away. */
    public void target(Map<Integer, Long> endOffsets) {
        if (target == null) {
            target = Map.copyOf(endOffsets);
        }
    }

    public boolean hasTarget() {
        return target != null;
    }

    public boolean caughtUp() {
        if (!caughtUp && target != null) {
            caughtUp = target.entrySet().stream()
                    .allMatch(e -> handled.getOrDefault(e.getKey(), -1L) + 1 >= e.getValue());
        }
        return caughtUp;
    }
}
