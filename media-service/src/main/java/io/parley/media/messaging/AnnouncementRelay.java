package io.parley.media.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.media.config.MediaConfig;
import io.parley.media.repository.FileRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Publishes {@code file.uploaded} for files whose announcement was never acknowledged (Kafka was down, or the
 * instance died between the row's commit and the ack), so chat-service eventually knows every stored file.
 */
@ApplicationScoped
public class AnnouncementRelay {

    private static final Logger LOG = Logger.getLogger(AnnouncementRelay.class);
    private static final int BATCH = 100;

    private final FileRepository files;
    private final MediaEventPublisher events;
    private final MediaConfig config;
    private final MeterRegistry registry;

    public AnnouncementRelay(FileRepository files, MediaEventPublisher events, MediaConfig config,
            MeterRegistry registry) {
        this.files = files;
        this.events = events;
        this.config = config;
        this.registry = registry;
    }

    @Scheduled(every = "${parley.media.announce-after}", delayed = "${parley.media.announce-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> announceOverdue() {
        return files.announceOverdue(config.announceAfter(), BATCH, events::uploaded)
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("announced %d file(s) whose file.uploaded had not been acknowledged", count);
                        registry.counter("parley.media.late.announcements").increment(count);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("announcing overdue files failed, next round retries: %s",
                        e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
