package io.parley.media.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.kit.caller.Caller;
import io.parley.kit.error.TooLargeException;
import io.parley.kit.error.UnavailableException;
import io.parley.media.config.MediaConfig;
import io.parley.media.domain.FileName;
import io.parley.media.domain.StoredFile;
import io.parley.media.messaging.MediaEventPublisher;
import io.parley.media.repository.FileRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/**
 * Turns a streamed upload into a file: the allowance before the first byte, then (once the bytes are sealed) the
 * detected type, the row within the quota and the {@code file.uploaded} event. A step that fails undoes the ones
 * before it, so a refused upload leaves neither blob nor row.
 */
@ApplicationScoped
public class UploadService {

    private static final Logger LOG = Logger.getLogger(UploadService.class);

    private final FileRepository files;
    private final EncryptedBlobs blobs;
    private final ContentSniffer sniffer;
    private final MediaEventPublisher events;
    private final MediaConfig config;
    private final MeterRegistry registry;

    public UploadService(FileRepository files, EncryptedBlobs blobs, ContentSniffer sniffer,
            MediaEventPublisher events, MediaConfig config, MeterRegistry registry) {
        this.files = files;
        this.blobs = blobs;
        this.sniffer = sniffer;
        this.events = events;
        this.config = config;
        this.registry = registry;
    }

    public long maxUploadBytes() {
        return config.maxUploadSize().asLongValue();
    }

    /** How many bytes the caller may upload now: the upload limit, or less when the quota is nearly used. */
    public Uni<Long> allowance(Caller caller) {
        return files.usage(caller.userId()).map(used -> {
            long left = quota() - used;
            if (left <= 0) {
                countOutcome("quota");
                throw new TooLargeException(quotaMessage(used));
            }
            return Math.min(maxUploadBytes(), left);
        });
    }

    /** A sink for a new file's bytes. Blocking (creates the temp blob). */
    public UploadSink open(long allowance) throws IOException {
        UUID id = UUID.randomUUID();
        String key = StoredFile.blobKey(id);
        return new UploadSink(id, key, blobs.create(key), allowance, maxUploadBytes(),
                "storage quota exceeded: this file would take you past your " + quota() + " bytes");
    }

    /** Seals the blob and detects its type from the bytes. Blocking. */
    public StoredFile seal(UploadSink sink, Caller caller, String clientName) throws IOException {
        UploadSink.Sealed sealed = sink.commit();
        return new StoredFile(sealed.id(), caller.userId(), FileName.sanitize(clientName), sealed.size(),
                sniffer.detect(sealed.head()), sealed.sha256(), sealed.storageKey(), Instant.now());
    }

    /**
     * Records a sealed file within the quota (else its blob is removed again and 413), then announces it. An
     * announcement Kafka does not acknowledge in time does not fail the upload: the row stays unannounced and
     * {@link io.parley.media.messaging.AnnouncementRelay} publishes it later.
     */
    public Uni<StoredFile> register(StoredFile file) {
        return files.insertWithinQuota(file, quota())
                .onFailure().transform(e -> unavailable("recording the file failed", e))
                .chain(inserted -> inserted
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom().<Void>failure(new TooLargeException(
                                "storage quota exceeded: this file would take you past your " + quota() + " bytes")))
                .onFailure().call(() -> discard(file))
                .chain(() -> announce(file))
                .invoke(() -> {
                    countOutcome("stored");
                    registry.counter("parley.media.upload.bytes").increment(file.size());
                })
                .replaceWith(file);
    }

    private Uni<Void> announce(StoredFile file) {
        return events.uploaded(file)
                .chain(() -> files.markAnnounced(file.id()))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("file.uploaded for %s is not acknowledged yet (%s): the relay will publish it",
                            file.id(), e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** Counts an upload refused or failed before it became a file. */
    public void countOutcome(String outcome) {
        registry.counter("parley.media.uploads", "outcome", outcome).increment();
    }

    private Uni<Void> discard(StoredFile file) {
        return Uni.createFrom().item(() -> {
            try {
                blobs.delete(file.storageKey());
            } catch (IOException e) {
                LOG.warnf("could not remove the blob of refused file %s: %s", file.id(), e.getMessage());
            }
            return (Void) null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private long quota() {
        return config.userQuota().asLongValue();
    }

    private String quotaMessage(long used) {
        return "storage quota exceeded: " + used + " of " + quota() + " bytes used";
    }

    private static UnavailableException unavailable(String what, Throwable cause) {
        LOG.warnf("%s: %s", what, cause.getMessage());
        return new UnavailableException(what + "; try again");
    }
}
