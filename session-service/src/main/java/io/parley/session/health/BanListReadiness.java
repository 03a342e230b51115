package io.parley.session.health;

import io.parley.session.messaging.BanListProgress;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Not ready until this instance has read auth.users to the end it had at start-up: before that, a banned user's
 * still-valid token could be accepted.
 */
@Readiness
@ApplicationScoped
public class BanListReadiness implements AsyncHealthCheck {

    static final String NAME = "auth.users ban list";
    private static final String CHANNEL = "auth-users";

    private final KafkaClientService kafka;
    private final BanListProgress progress;

    public BanListReadiness(KafkaClientService kafka, BanListProgress progress) {
        this.kafka = kafka;
        this.progress = progress;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (progress.caughtUp()) {
            return Uni.createFrom().item(HealthCheckResponse.up(NAME));
        }
        KafkaConsumer<String, String> consumer = kafka.getConsumer(CHANNEL);
        if (consumer == null || progress.hasTarget()) {
            return Uni.createFrom().item(status());
        }
        return consumer.runOnPollingThread(c -> {
                    Set<TopicPartition> assigned = c.assignment();
                    if (assigned.isEmpty()) {
                        return null;
                    }
                    Map<TopicPartition, Long> begin = c.beginningOffsets(assigned);
                    Map<Integer, Long> target = new HashMap<>();
                    c.endOffsets(assigned).forEach((tp, end) -> {
                        if (end > begin.get(tp)) {
                            target.put(tp.partition(), end);
                        }
                    });
                    return target;
                })
                .invoke(target -> {
                    if (target != null) {
                        progress.target(target);
                    }
                })
                .map(target -> status())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("error", e.getClass().getSimpleName()).build());
    }

    private HealthCheckResponse status() {
        return HealthCheckResponse.named(NAME).status(progress.caughtUp()).build();
    }
}
