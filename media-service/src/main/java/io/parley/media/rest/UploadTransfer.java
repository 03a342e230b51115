package io.parley.media.rest;

import io.parley.kit.caller.Caller;
import io.parley.kit.error.ErrorAnswer;
import io.parley.kit.error.ErrorAnswers;
import io.parley.kit.error.InvalidException;
import io.parley.kit.error.TooLargeException;
import io.parley.media.domain.StoredFile;
import io.parley.media.repository.BlobStoreUnavailableException;
import io.parley.media.service.UploadService;
import io.parley.media.service.UploadSink;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.concurrent.Callable;

/**
 * One upload's flow from the socket to the blob store. Runs on the request's event loop; every blob and crypto step
 * goes to a worker, one chunk at a time, with the upload paused meanwhile (so memory holds one chunk, not the file).
 * Exactly one answer is sent; whatever is refused or abandoned leaves no temp file behind.
 */
final class UploadTransfer {

    private static final Logger LOG = Logger.getLogger(UploadTransfer.class);

    private final RoutingContext rc;
    private final Caller caller;
    private final long allowance;
    private final UploadService uploads;
    private final Context context;
    private UploadSink sink;
    private boolean fileSeen;
    private boolean answered;

    UploadTransfer(RoutingContext rc, Caller caller, long allowance, UploadService uploads) {
        this.rc = rc;
        this.caller = caller;
        this.allowance = allowance;
        this.uploads = uploads;
        this.context = rc.vertx().getOrCreateContext();
    }

    void start(long declared) {
        if (declared > allowance + UploadRoute.MULTIPART_OVERHEAD) {
            fail(new TooLargeException(allowance < uploads.maxUploadBytes()
                    ? "storage quota exceeded: only " + allowance + " bytes are left"
                    : "the file exceeds the upload limit of " + uploads.maxUploadBytes() + " bytes"));
            return;
        }
        HttpServerRequest request = rc.request();
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            rc.response().writeContinue();
        }
        request.setExpectMultipart(true);
        request.uploadHandler(this::onUpload);
        request.exceptionHandler(this::fail);
        request.endHandler(ignored -> {
            if (!fileSeen) {
                fail(new InvalidException("the multipart field \"file\" is missing"));
            }
        });
        rc.response().closeHandler(ignored -> {
            if (!answered) {
                answered = true;
                uploads.countOutcome("abandoned");
                abortSink();
            }
        });
        request.resume();
    }

    private void onUpload(HttpServerFileUpload upload) {
        if (answered || fileSeen || !"file".equals(upload.name())) {
            drain(upload);
            return;
        }
        fileSeen = true;
        upload.pause();
        upload.exceptionHandler(this::fail);
        blocking(() -> uploads.open(allowance)).onComplete(opened -> {
            if (opened.failed()) {
                fail(opened.cause());
                drain(upload);
                return;
            }
            sink = opened.result();
            upload.handler(chunk -> write(upload, chunk));
            upload.endHandler(ignored -> seal(upload.filename()));
            upload.resume();
        });
    }

    private void write(HttpServerFileUpload upload, Buffer chunk) {
        upload.pause();
        blocking(() -> {
            sink.write(chunk.getBytes());
            return null;
        }).onComplete(written -> {
            if (written.failed()) {
                fail(written.cause());
                drain(upload);
            } else if (!answered) {
                upload.resume();
            }
        });
    }

    private void seal(String clientName) {
        if (answered) {
            return;
        }
        blocking(() -> uploads.seal(sink, caller, clientName)).onComplete(sealed -> {
            if (sealed.failed()) {
                fail(sealed.cause());
                return;
            }
            uploads.register(sealed.result())
                    .emitOn(task -> context.runOnContext(ignored -> task.run()))
                    .subscribe().with(this::created, this::fail);
        });
    }

    private void created(StoredFile file) {
        if (answered) {
            return;
        }
        answered = true;
        rc.response().setStatusCode(201)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.LOCATION, "/api/media/" + file.id())
                .end(Json.encode(new FileView(file)));
    }

    private void fail(Throwable failure) {
        if (answered) {
            return;
        }
        if (failure instanceof BlobStoreUnavailableException unavailable) {
            LOG.warnf("upload failed: %s", unavailable.getMessage());
            failure = unavailable.toUnavailable();
        }
        if (failure instanceof TooLargeException) {
            uploads.countOutcome("too_large");
        } else {
            uploads.countOutcome("failed");
        }
        abortSink();
        refuse(rc, failure, uploads.maxUploadBytes());
        answered = true;
    }

    private void abortSink() {
        if (sink != null) {
            UploadSink current = sink;
            blocking(() -> {
                current.abort();
                return null;
            });
        }
    }

    // the client may still be sending: read and drop the rest, so it can read our answer on a live connection
    private void drain(HttpServerFileUpload upload) {
        long[] dropped = {0};
        long cap = 2 * uploads.maxUploadBytes();
        upload.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > cap) {
                rc.request().connection().close();
            }
        });
        upload.endHandler(null);
        upload.resume();
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return rc.vertx().executeBlocking(work, false);
    }

    /**
     * Answers a refused upload with the contract's error body, translated by the kit like any JAX-RS failure. A body
     * the client is still sending is read and dropped (up to a bound) so that a client which writes the whole body
     * before reading still sees the answer; a client waiting on {@code Expect: 100-continue} sent nothing, so its
     * connection is closed instead.
     */
    static void refuse(RoutingContext rc, Throwable failure, long maxUpload) {
        ErrorAnswer answer = ErrorAnswers.translate(failure);
        HttpServerRequest request = rc.request();
        if (rc.response().ended()) {
            return;
        }
        if (!request.isEnded() && !request.isExpectMultipart()) {
            if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            } else {
                long[] dropped = {0};
                request.handler(chunk -> {
                    dropped[0] += chunk.length();
                    if (dropped[0] > 2 * maxUpload) {
                        request.connection().close();
                    }
                });
                request.resume();
            }
        }
        if (answer.status() >= 500) {
            LOG.warnf("upload failed: %s", failure.toString());
        }
        // the headers ErrorAnswer.toResponse() sets on the JAX-RS side, so both edges answer alike
        if (answer.retryAfterSeconds() != null) {
            rc.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(answer.retryAfterSeconds()));
        }
        if (answer.status() == 401) {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
        }
        rc.response().setStatusCode(answer.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encode(answer.body()));
    }
}
