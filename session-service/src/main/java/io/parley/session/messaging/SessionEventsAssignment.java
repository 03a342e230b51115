package io.parley.session.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;

/**
 * When this instance's {@code session.events} consumer first got partitions: gateway liveness may be judged only once
 * the heartbeats are being read. After a crash and restart the group hands the dead member's partitions over only when
 * its session times out (45 s by default); judged meanwhile from the heartbeat times kept in the database, every
 * gateway looked silent, so their sessions were closed and their users' presence and calls ended although every socket
 * was open (a call did not survive a restart of session-service). The instance judges one heartbeat window after its
 * first assignment, which leaves the time to read what was published while no one read it.
 */
@ApplicationScoped
@Identifier(SessionEventsAssignment.NAME)
public class SessionEventsAssignment implements KafkaConsumerRebalanceListener {

    /** The name {@code mp.messaging.incoming.session-events.consumer-rebalance-listener.name} refers to. */
    public static final String NAME = "session-events-assignment";

    /** 0 until the first assignment with partitions. */
    private volatile long firstAssignedAtMs;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (firstAssignedAtMs == 0 && !partitions.isEmpty()) {
            firstAssignedAtMs = System.currentTimeMillis();
        }
    }

    /** True once this instance has read heartbeats for at least {@code window} since its first partitions came. */
    public boolean readingHeartbeatsFor(Duration window, long nowMs) {
        long since = firstAssignedAtMs;
        return since != 0 && nowMs - since >= window.toMillis();
    }
}
