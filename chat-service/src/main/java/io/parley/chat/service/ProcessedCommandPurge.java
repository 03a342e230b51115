package io.parley.chat.service;

import io.parley.chat.config.ChatConfig;
import io.parley.chat.repository.ProcessedCommandRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;

/** Forgets applied command ids once Kafka can no longer redeliver them (chat.commands keeps a day). */
@ApplicationScoped
public class ProcessedCommandPurge {

    private static final Logger LOG = Logger.getLogger(ProcessedCommandPurge.class);

    private final Pool pool;
    private final ProcessedCommandRepository processed;
    private final Duration keep;

    public ProcessedCommandPurge(Pool pool, ProcessedCommandRepository processed, ChatConfig config) {
        this.pool = pool;
        this.processed = processed;
        this.keep = config.processedCommands().keep();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return processed.purgeOlderThan(pool, keep)
                .invoke(n -> LOG.debugf("forgot %d applied command ids", n))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("purge of applied command ids failed: %s", e.getMessage());
                    return 0;
                })
                .replaceWithVoid();
    }
}
