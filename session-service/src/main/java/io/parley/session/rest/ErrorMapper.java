package io.parley.session.rest;

import io.parley.session.domain.ApiException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.common.errors.RetriableException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.ConnectException;

/** The one place where failures become the contract's {@code {"code","message"}}; no stack trace or SQL leaks. */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return error(e.status(), e.code(), e.getMessage());
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Response unauthenticated(RuntimeException e) {
        return error(401, "UNAUTHENTICATED", "a valid access token is required");
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return error(403, "FORBIDDEN", "not allowed");
    }

    @ServerExceptionMapper
    public Response invalid(ValidationException e) {
        return error(400, "INVALID", "invalid request");
    }

    /** What the framework itself refuses (unknown route, wrong method, unreadable body) keeps its status. */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 401 -> error(401, "UNAUTHENTICATED", "a valid access token is required");
            case 403 -> error(403, "FORBIDDEN", "not allowed");
            case 404 -> error(404, "NOT_FOUND", "not found");
            case 413 -> error(413, "TOO_LARGE", "request too large");
            case 415 -> error(415, "UNSUPPORTED_MEDIA_TYPE", "unsupported media type");
            case 503 -> error(503, "UNAVAILABLE", "temporarily unavailable");
            default -> status >= 500 ? internal(e) : error(status, "INVALID", "invalid request");
        };
    }

    @ServerExceptionMapper
    public Response internal(Throwable e) {
        if (dependencyDown(e)) {
            LOG.warnf("request failed, a dependency is away: %s", e.getMessage());
            return error(503, "UNAVAILABLE", "temporarily unavailable, retry later");
        }
        LOG.error("request failed", e);
        return error(500, "INTERNAL", "internal error");
    }

    /** PostgreSQL or Kafka unreachable: the client may retry, so 503 rather than 500. */
    private static boolean dependencyDown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException
                    || t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    private static Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(code, message)).build();
    }
}
