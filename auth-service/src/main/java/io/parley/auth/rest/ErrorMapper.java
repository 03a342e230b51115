package io.parley.auth.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.parley.auth.domain.ApiException;
import io.parley.auth.domain.RateLimitedException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one place where failures become {"code","message"} answers. Nothing from an exception's internals (stack, SQL,
 * parser positions) reaches the client; unexpected failures are logged with a reference the answer carries.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder answer = answer(e.status(), e.code(), e.getMessage());
        if (e instanceof RateLimitedException limited) {
            answer.header("Retry-After", limited.retryAfterSeconds());
        }
        return answer.build();
    }

    /** Bean Validation of bodies: every broken field, named, in a stable order. */
    @ServerExceptionMapper({ConstraintViolationException.class,
            io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException.class})
    public Response invalid(ConstraintViolationException e) {
        String message = e.getConstraintViolations().stream()
                .map(ErrorMapper::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        return answer(400, "INVALID", message.isEmpty() ? "invalid request" : message).build();
    }

    /** Malformed JSON, or a field of the wrong type (listed so that no built-in Jackson mapper answers instead). */
    @ServerExceptionMapper({JsonProcessingException.class, com.fasterxml.jackson.core.JsonParseException.class,
            JsonMappingException.class, com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
            com.fasterxml.jackson.databind.exc.InvalidFormatException.class})
    public Response unreadable(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return answer(400, "INVALID", field + ": has the wrong type").build();
        }
        return answer(400, "INVALID", "the body is not valid JSON").build();
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(RuntimeException e) {
        return answer(401, "UNAUTHENTICATED", "a valid access token is required")
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return answer(403, "FORBIDDEN", "not allowed").build();
    }

    /** What JAX-RS itself refuses: unknown paths, wrong methods, non-JSON bodies, bad Accept. */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 400 -> answer(400, "INVALID", "the request is malformed").build();
            case 401 -> answer(401, "UNAUTHENTICATED", "a valid access token is required").build();
            case 403 -> answer(403, "FORBIDDEN", "not allowed").build();
            case 404 -> answer(404, "NOT_FOUND", "no such resource").build();
            case 405 -> answer(405, "NOT_FOUND", "method not allowed on this resource").build();
            case 413 -> answer(413, "TOO_LARGE", "the request body is too large").build();
            case 415 -> answer(415, "UNSUPPORTED_MEDIA_TYPE", "the body must be application/json").build();
            default -> status < 500 ? answer(status, "INVALID", "the request cannot be served").build()
                    : unexpected(e);
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (isUnavailable(e)) {
            LOG.warnf("dependency unavailable: %s", e.toString());
            return answer(503, "UNAVAILABLE", "the service is temporarily unavailable, retry later").build();
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure, reference %s", reference);
        return answer(500, "INTERNAL", "internal error (reference " + reference + ")").build();
    }

    private static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof io.vertx.sqlclient.ClosedConnectionException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof io.smallrye.mutiny.TimeoutException) {
                return true;
            }
        }
        return false;
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

    private static Response.ResponseBuilder answer(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new Responses.Error(code, message));
    }
}
