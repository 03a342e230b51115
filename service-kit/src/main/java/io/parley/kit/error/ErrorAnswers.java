package io.parley.kit.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * The one place where any failure becomes a status and a {@code {"code","message"}} body, for the JAX-RS mapper and
 * for hand-written routes (media's streaming upload) alike. Nothing internal (stack, SQL, parser positions) reaches a
 * client: an unexpected failure is logged with a reference that the answer carries.
 */
public final class ErrorAnswers {

    private static final Logger LOG = Logger.getLogger(ErrorAnswers.class);

    /**
     * Failures that mean a dependency is away, so the client may retry (503, not 500). Named, not imported, so that
     * the kit needs no SQL client: the gateway has none.
     */
    private static final Set<String> DEPENDENCY_DOWN = Set.of(
            "java.net.ConnectException",
            "java.util.concurrent.TimeoutException",
            "io.smallrye.mutiny.TimeoutException",
            "io.vertx.sqlclient.ClosedConnectionException",
            "io.vertx.core.http.ConnectionPoolTooBusyException");

    private ErrorAnswers() {
    }

    public static ErrorAnswer translate(Throwable failure) {
        Throwable error = unwrap(failure);
        if (error instanceof RateLimitedException limited) {
            return new ErrorAnswer(limited.status(), new ErrorBody(limited.code(), limited.getMessage()),
                    limited.retryAfterSeconds());
        }
        if (error instanceof ApiException api) {
            return new ErrorAnswer(api.errorCode(), api.getMessage());
        }
        if (error instanceof AuthenticationFailedException || error instanceof UnauthorizedException
                || error instanceof AuthenticationCompletionException) {
            return new ErrorAnswer(ErrorCode.UNAUTHENTICATED, "a valid access token is required");
        }
        if (error instanceof io.quarkus.security.ForbiddenException) {
            return new ErrorAnswer(ErrorCode.FORBIDDEN, "not allowed");
        }
        if (error instanceof ConstraintViolationException violations) {
            String message = violations.getConstraintViolations().stream()
                    .map(ErrorAnswers::describe)
                    .sorted()
                    .collect(Collectors.joining("; "));
            return new ErrorAnswer(ErrorCode.INVALID, message.isEmpty() ? "invalid request" : message);
        }
        if (error instanceof ValidationException) {
            return new ErrorAnswer(ErrorCode.INVALID, "invalid request");
        }
        if (error instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        if (error instanceof WebApplicationException web) {
            if (web.getCause() instanceof JsonProcessingException json) {
                return unreadable(json);
            }
            return fromStatus(web.getResponse().getStatus(), web);
        }
        return unexpected(error);
    }

    /** Malformed JSON, or a field of the wrong type: the field is named, the parser's position is not. */
    private static ErrorAnswer unreadable(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return new ErrorAnswer(ErrorCode.INVALID, field + ": has the wrong type");
        }
        return new ErrorAnswer(ErrorCode.INVALID, "the body is not valid JSON");
    }

    /** What JAX-RS itself refuses: unknown paths, wrong methods, non-JSON bodies, bad Accept. */
    private static ErrorAnswer fromStatus(int status, Throwable e) {
        return switch (status) {
            case 400 -> new ErrorAnswer(ErrorCode.INVALID, "the request is malformed");
            case 401 -> new ErrorAnswer(ErrorCode.UNAUTHENTICATED, "a valid access token is required");
            case 403 -> new ErrorAnswer(ErrorCode.FORBIDDEN, "not allowed");
            case 404, 405 -> new ErrorAnswer(ErrorCode.NOT_FOUND, "no such resource");
            case 413 -> new ErrorAnswer(ErrorCode.TOO_LARGE, "the request body is too large");
            case 415 -> new ErrorAnswer(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json");
            case 503 -> new ErrorAnswer(ErrorCode.UNAVAILABLE, "temporarily unavailable, retry later");
            default -> status < 500 ? new ErrorAnswer(ErrorCode.INVALID, "the request cannot be served") : unexpected(e);
        };
    }

    private static ErrorAnswer unexpected(Throwable e) {
        if (dependencyDown(e)) {
            LOG.warnf("a dependency is unavailable: %s", e.toString());
            return new ErrorAnswer(ErrorCode.UNAVAILABLE, "temporarily unavailable, retry later");
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure, reference %s", reference);
        return new ErrorAnswer(ErrorCode.INTERNAL, "internal error (reference " + reference + ")");
    }

    static boolean dependencyDown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.RetriableException) {
                return true;
            }
            for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
                if (DEPENDENCY_DOWN.contains(type.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof io.smallrye.mutiny.CompositeException)
                && current.getCause() != null) {
            current = current instanceof io.smallrye.mutiny.CompositeException composite
                    ? composite.getCauses().get(0) : current.getCause();
        }
        return current;
    }

    private static String describe(ConstraintViolation<?> violation) {
        String field = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY) {
                field = field == null ? node.getName() : field + "." + node.getName();
            }
        }
        return field == null ? violation.getMessage() : field + ": " + violation.getMessage();
    }
}
