package io.parley.media.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.parley.media.domain.ApiException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;

/**
 * The one place where a failure becomes a status and an {@link ErrorBody}: used by the JAX-RS exception mapper and
 * by the streaming upload route alike, so both edges answer the same codes. Nothing internal (stack, SQL) leaks.
 */
public final class ErrorTranslation {

    private static final Logger LOG = Logger.getLogger(ErrorTranslation.class);

    /** A status with its body. */
    public record Answer(int status, ErrorBody body) {
    }

    private ErrorTranslation() {
    }

    public static Answer translate(Throwable failure) {
        Throwable error = unwrap(failure);
        if (error instanceof ApiException api) {
            return new Answer(api.status(), new ErrorBody(api.code(), api.getMessage()));
        }
        if (error instanceof AuthenticationFailedException || error instanceof UnauthorizedException) {
            return new Answer(401, new ErrorBody("UNAUTHENTICATED", "a valid access token is required"));
        }
        if (error instanceof io.smallrye.mutiny.TimeoutException) {
            LOG.warn("a dependency did not answer in time");
            return new Answer(503, new ErrorBody("UNAVAILABLE", "temporarily unavailable; try again"));
        }
        if (error instanceof JsonProcessingException) {
            return new Answer(400, new ErrorBody("INVALID", "malformed JSON"));
        }
        if (error instanceof WebApplicationException web) {
            return fromStatus(web.getResponse().getStatus());
        }
        LOG.error("unexpected failure", error);
        return new Answer(500, new ErrorBody("INTERNAL", "internal error"));
    }

    private static Answer fromStatus(int status) {
        return switch (status) {
            case 401 -> new Answer(401, new ErrorBody("UNAUTHENTICATED", "a valid access token is required"));
            case 403 -> new Answer(403, new ErrorBody("FORBIDDEN", "not allowed"));
            case 404, 405 -> new Answer(404, new ErrorBody("NOT_FOUND", "no such resource"));
            case 413 -> new Answer(413, new ErrorBody("TOO_LARGE", "request too large"));
            case 415 -> new Answer(415, new ErrorBody("UNSUPPORTED_MEDIA_TYPE", "unsupported media type"));
            case 503 -> new Answer(503, new ErrorBody("UNAVAILABLE", "temporarily unavailable"));
            default -> status >= 400 && status < 500
                    ? new Answer(400, new ErrorBody("INVALID", "invalid request"))
                    : new Answer(500, new ErrorBody("INTERNAL", "internal error"));
        };
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof java.util.concurrent.CompletionException
                || current instanceof io.smallrye.mutiny.CompositeException) && current.getCause() != null) {
            current = current instanceof io.smallrye.mutiny.CompositeException composite
                    ? composite.getCauses().get(0) : current.getCause();
        }
        return current;
    }
}
