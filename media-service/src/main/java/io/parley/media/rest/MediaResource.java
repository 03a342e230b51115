package io.parley.media.rest;

import io.parley.kit.caller.Caller;
import io.parley.kit.caller.CallerResolver;
import io.parley.kit.error.ErrorBody;
import io.parley.kit.error.ErrorCode;
import io.parley.kit.error.InvalidException;
import io.parley.media.config.MediaConfig;
import io.parley.media.domain.ByteRange;
import io.parley.media.domain.RangeNotSatisfiableException;
import io.parley.media.domain.StoredFile;
import io.parley.media.repository.BlobStoreUnavailableException;
import io.parley.media.service.FileService;
import io.parley.media.service.ThumbnailService;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * Downloads, thumbnails and deletes ({@code POST} is {@link UploadRoute}). Downloads stream decrypted bytes from a
 * worker thread, never the event loop.
 */
@Path("/api/media/{id}")
public class MediaResource {

    private static final Logger LOG = Logger.getLogger(MediaResource.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(10);

    private final CurrentIdentityAssociation identity;
    private final CallerResolver callers;
    private final FileService files;
    private final ThumbnailService thumbnails;
    private final MediaConfig config;

    public MediaResource(CurrentIdentityAssociation identity, CallerResolver callers, FileService files,
            ThumbnailService thumbnails, MediaConfig config) {
        this.identity = identity;
        this.callers = callers;
        this.files = files;
        this.thumbnails = thumbnails;
        this.config = config;
    }

    @GET
    @Blocking
    public Response download(@PathParam("id") String id, @HeaderParam("Range") String range,
            @HeaderParam("If-Range") String ifRange, @HeaderParam("If-None-Match") String ifNoneMatch)
            throws IOException {
        StoredFile file = readable(id);
        if (ServedHeaders.matches(ifNoneMatch, file.etag())) {
            return Response.notModified().header(HttpHeaders.ETAG, file.etag()).build();
        }
        Optional<ByteRange> wanted = requestedRange(file, range, ifRange);
        InputStream body;
        try {
            body = files.open(file, wanted.map(ByteRange::start).orElse(0L),
                    wanted.map(ByteRange::length).orElse(file.size()));
        } catch (BlobStoreUnavailableException e) {
            LOG.warnf("opening file %s failed: %s", file.id(), e.getMessage());
            throw e.toUnavailable();
        }
        return described(file, wanted).entity(body).build();
    }

    /** The download's headers without its bytes, so no blob is opened for a HEAD. */
    @HEAD
    @Blocking
    public Response describe(@PathParam("id") String id, @HeaderParam("Range") String range,
            @HeaderParam("If-Range") String ifRange, @HeaderParam("If-None-Match") String ifNoneMatch) {
        StoredFile file = readable(id);
        if (ServedHeaders.matches(ifNoneMatch, file.etag())) {
            return Response.notModified().header(HttpHeaders.ETAG, file.etag()).build();
        }
        return described(file, requestedRange(file, range, ifRange)).build();
    }

    // If-Range with another validator means the client's partial copy is stale: send the whole file
    private static Optional<ByteRange> requestedRange(StoredFile file, String range, String ifRange) {
        return ifRange == null || ifRange.trim().equals(file.etag())
                ? ByteRange.parse(range, file.size()) : Optional.empty();
    }

    private static Response.ResponseBuilder described(StoredFile file, Optional<ByteRange> wanted) {
        Response.ResponseBuilder answer = Response.status(wanted.isPresent() ? 206 : 200)
                .type(file.contentType())
                .header(HttpHeaders.CONTENT_LENGTH, wanted.map(ByteRange::length).orElse(file.size()))
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CONTENT_DISPOSITION, ServedHeaders.contentDisposition(file));
        wanted.ifPresent(r -> answer.header("Content-Range", r.contentRange(file.size())));
        return safe(answer, file.etag());
    }

    @GET
    @Path("thumbnail")
    @Blocking
    public Response thumbnail(@PathParam("id") String id, @QueryParam("size") String size,
            @HeaderParam("If-None-Match") String ifNoneMatch) throws IOException {
        int edge = thumbnailSize(size);
        StoredFile file = readable(id);
        String etag = "\"" + file.sha256() + "-" + edge + "\"";
        if (ServedHeaders.matches(ifNoneMatch, etag)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        ThumbnailService.Thumbnail thumbnail;
        try {
            thumbnail = thumbnails.thumbnail(file, edge);
        } catch (BlobStoreUnavailableException e) {
            LOG.warnf("the thumbnail of file %s failed: %s", file.id(), e.getMessage());
            throw e.toUnavailable();
        }
        return safe(Response.ok(thumbnail.bytes()).type(thumbnail.contentType())
                .header(HttpHeaders.CONTENT_LENGTH, thumbnail.bytes().length)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline"), etag).build();
    }

    @DELETE
    public Uni<Response> delete(@PathParam("id") String id) {
        return callers.resolve(identity.getDeferredIdentity())
                .chain(caller -> files.delete(caller, id))
                .replaceWith(() -> Response.noContent().build());
    }

    private StoredFile readable(String id) {
        Caller caller = callers.resolve(identity.getDeferredIdentity()).await().atMost(DB_WAIT);
        return files.readable(caller, id).await().atMost(DB_WAIT);
    }

    private int thumbnailSize(String size) {
        if (size == null || size.isBlank()) {
            return config.defaultThumbnailSize();
        }
        try {
            int edge = Integer.parseInt(size.trim());
            if (edge >= 1 && edge <= config.maxThumbnailSize()) {
                return edge;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidException("size must be a whole number from 1 to " + config.maxThumbnailSize());
    }

    /**
     * 416 with the file's size in {@code Content-Range}, which the kit's mapping cannot know; every other failure of
     * these routes is answered by the kit's {@code ErrorMapper}.
     */
    @ServerExceptionMapper
    public Response unsatisfiable(RangeNotSatisfiableException failure) {
        return Response.status(416).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(ErrorCode.INVALID, failure.getMessage()))
                .header("Content-Range", "bytes */" + failure.size())
                .build();
    }

    private static Response.ResponseBuilder safe(Response.ResponseBuilder answer, String etag) {
        return answer.header(HttpHeaders.ETAG, etag)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", ServedHeaders.CONTENT_SECURITY_POLICY)
                .header(HttpHeaders.CACHE_CONTROL, "private, no-cache");
    }
}
