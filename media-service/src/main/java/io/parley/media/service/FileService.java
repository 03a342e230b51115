package io.parley.media.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.kit.caller.Caller;
import io.parley.kit.error.ForbiddenException;
import io.parley.kit.error.NotFoundException;
import io.parley.kit.error.UnavailableException;
import io.parley.kit.rest.QueryParams;
import io.parley.media.domain.StoredFile;
import io.parley.media.messaging.MediaEventPublisher;
import io.parley.media.repository.FileRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/** Reading and deleting stored files under the visibility rule: a file the caller may not read does not exist. */
@ApplicationScoped
public class FileService {

    private static final Logger LOG = Logger.getLogger(FileService.class);

    private final FileRepository files;
    private final EncryptedBlobs blobs;
    private final MediaEventPublisher events;
    private final MeterRegistry registry;

    public FileService(FileRepository files, EncryptedBlobs blobs, MediaEventPublisher events,
            MeterRegistry registry) {
        this.files = files;
        this.blobs = blobs;
        this.events = events;
        this.registry = registry;
    }

    /**
     * The uploader and members of a channel where the file is attached; not admins (they may delete, not read).
     *
     * @throws NotFoundException (as a failure) for an unknown id, a malformed one, or a file the caller may not read
     */
    public Uni<StoredFile> readable(Caller caller, String id) {
        return lookup(id, fileId -> files.findReadable(fileId, caller));
    }

    private Uni<StoredFile> lookup(String id, java.util.function.Function<UUID, Uni<StoredFile>> query) {
        UUID fileId;
        try {
            fileId = QueryParams.pathId(id, "file");
        } catch (NotFoundException e) {
            return Uni.createFrom().failure(e);
        }
        return query.apply(fileId)
                .onFailure().transform(e -> {
                    LOG.warnf("looking up file %s failed: %s", fileId, e.getMessage());
                    return new UnavailableException("the file catalogue is unavailable; try again");
                })
                .onItem().ifNull().failWith(() -> new NotFoundException("no such file"));
    }

    /** Plaintext bytes {@code [offset, offset + length)} of the file. Blocking. */
    public InputStream open(StoredFile file, long offset, long length) throws IOException {
        registry.counter("parley.media.downloads", "partial", Boolean.toString(offset > 0 || length < file.size()))
                .increment();
        return blobs.open(file.storageKey(), offset, length);
    }

    /**
     * Uploader or admin only (403 for another reader). {@code file.deleted} is published while the row is locked and
     * before it is removed: if Kafka does not acknowledge it, nothing is deleted and the client may retry. The blob
     * and its thumbnails go last.
     */
    public Uni<Void> delete(Caller caller, String id) {
        // an admin finds any file to delete it; everyone else only what they may read (404 for the rest)
        Uni<StoredFile> found = caller.admin() ? lookup(id, files::findDeletable) : readable(caller, id);
        return found.chain(file -> {
            if (!file.deletableBy(caller)) {
                return Uni.createFrom().failure(new ForbiddenException("only the uploader or an admin may delete a file"));
            }
            return files.delete(file.id(), () -> events.deleted(file)
                            .onFailure().transform(e -> new UnavailableException(
                                    "could not announce the deletion; try again")))
                    .chain(deleted -> deleted
                            ? removeBlobs(file)
                            : Uni.createFrom().failure(new NotFoundException("no such file")))
                    .invoke(() -> registry.counter("parley.media.deletes").increment());
        });
    }

    private Uni<Void> removeBlobs(StoredFile file) {
        return Uni.createFrom().item(() -> {
            try {
                blobs.delete(file.storageKey());
                blobs.deleteAll(StoredFile.thumbnailPrefix(file.id()));
            } catch (IOException e) {
                LOG.warnf("the blob of deleted file %s could not be removed: %s", file.id(), e.getMessage());
            }
            return (Void) null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
