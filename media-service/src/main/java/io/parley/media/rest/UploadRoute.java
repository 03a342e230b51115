package io.parley.media.rest;

import io.parley.kit.caller.CallerResolver;
import io.parley.kit.error.TooLargeException;
import io.parley.kit.error.UnsupportedMediaTypeException;
import io.parley.media.service.UploadService;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Locale;

/**
 * {@code POST /api/media} on a plain Vert.x route rather than JAX-RS: quarkus-rest would spool the whole multipart
 * body to disk before any code ran, while here the bytes are hashed, encrypted and counted as they arrive, and a
 * body that passes the limit is answered 413 at once (from {@code Content-Length}, or as soon as the streamed bytes
 * pass it).
 */
@ApplicationScoped
public class UploadRoute {

    /** Room for the multipart boundaries and part headers around the file in a declared Content-Length. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final CallerResolver callers;
    private final UploadService uploads;

    public UploadRoute(CallerResolver callers, UploadService uploads) {
        this.callers = callers;
        this.uploads = uploads;
    }

    void register(@Observes Router router) {
        router.post("/api/media").handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        // nothing may be read before we know who is calling and how much they may send
        request.pause();
        Context context = rc.vertx().getOrCreateContext();
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            uploads.countOutcome("rejected");
            UploadTransfer.refuse(rc, new UnsupportedMediaTypeException(
                    "send the file as multipart/form-data in the field \"file\""), uploads.maxUploadBytes());
            return;
        }
        long declared = contentLength(request);
        if (declared > uploads.maxUploadBytes() + MULTIPART_OVERHEAD) {
            uploads.countOutcome("too_large");
            UploadTransfer.refuse(rc, new TooLargeException(
                    "the file exceeds the upload limit of " + uploads.maxUploadBytes() + " bytes"),
                    uploads.maxUploadBytes());
            return;
        }
        Uni<SecurityIdentity> identity = rc.get(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        callers.resolve(identity)
                .chain(caller -> uploads.allowance(caller)
                        .map(allowance -> new UploadTransfer(rc, caller, allowance, uploads)))
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .subscribe().with(transfer -> transfer.start(declared),
                        failure -> UploadTransfer.refuse(rc, failure, uploads.maxUploadBytes()));
    }

    private static long contentLength(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
