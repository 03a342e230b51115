package io.parley.chat.subscriptions;

import io.parley.chat.service.TransientFailures;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Records successful deliveries in groups, as a database's group commit does: while one statement is under way, the
 * successes that arrive wait and then go together in the next one. A lone success is written at once; under load the
 * cost on PostgreSQL is per statement, not per delivery. Each caller's {@code Uni} ends when its own row is written
 * (a lane's next head is only taken after that), or fails when the write failed (its lease then expires and the
 * delivery is sent again: at least once).
 */
final class DeliveredRecorder {

    /** At most this many rows in one statement. */
    private static final int MAX_GROUP = 500;

    private final Pool pool;
    private final DeliveryRepository deliveries;
    private final List<Pending> queued = new ArrayList<>();
    private boolean writing;

    DeliveredRecorder(Pool pool, DeliveryRepository deliveries) {
        this.pool = pool;
        this.deliveries = deliveries;
    }

    Uni<Void> record(UUID deliveryId, int status) {
        return Uni.createFrom().emitter(emitter -> {
            boolean start;
            synchronized (this) {
                queued.add(new Pending(deliveryId, status, emitter));
                start = !writing;
                writing = true;
            }
            if (start) {
                writeNext();
            }
        });
    }

    private void writeNext() {
        List<Pending> group;
        synchronized (this) {
            if (queued.isEmpty()) {
                writing = false;
                return;
            }
            List<Pending> head = queued.subList(0, Math.min(queued.size(), MAX_GROUP));
            group = new ArrayList<>(head);
            head.clear();
        }
        UUID[] ids = new UUID[group.size()];
        Integer[] statuses = new Integer[group.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = group.get(i).deliveryId();
            statuses[i] = group.get(i).status();
        }
        deliveries.delivered(pool, ids, statuses)
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(5)
                .subscribe().with(done -> {
                    group.forEach(p -> p.emitter().complete(null));
                    writeNext();
                }, failure -> {
                    group.forEach(p -> p.emitter().fail(failure));
                    writeNext();
                });
    }

    private record Pending(UUID deliveryId, int status, UniEmitter<? super Void> emitter) {
    }
}
