package io.parley.session.messaging;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * How a listener survives a dependency that is briefly away: retry inside the handler with backoff (a nack would
 * stop the SmallRye channel), and after about two minutes log and move on rather than block the partition forever.
 */
final class HandlerRetry {

    private HandlerRetry() {
    }

    static Uni<Void> persistently(Uni<Void> work, Logger log, String what) {
        return work.onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5)).atMost(30)
                .onFailure().invoke(e -> log.errorf("gave up on %s: %s", what, e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
