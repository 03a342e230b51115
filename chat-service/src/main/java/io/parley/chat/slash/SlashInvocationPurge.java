package io.parley.chat.slash;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;

/** Forgets invocations past {@code parley.chat.slash.keep}, far beyond the response window and a client's retries. */
@ApplicationScoped
public class SlashInvocationPurge {

    private static final Logger LOG = Logger.getLogger(SlashInvocationPurge.class);

    private final Pool pool;
    private final SlashRepository commands;
    private final Duration keep;

    public SlashInvocationPurge(Pool pool, SlashRepository commands, SlashConfig config) {
        this.pool = pool;
        this.commands = commands;
        this.keep = config.keep();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return commands.purgeOlderThan(pool, keep)
                .invoke(n -> LOG.debugf("forgot %d slash command invocations", n))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("purge of slash command invocations failed: %s", e.getMessage());
                    return 0;
                })
                .replaceWithVoid();
    }
}
