package io.parley.chat.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.parley.chat.domain.ChatException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become {@code {"code","message"}} answers; nothing else (stack traces, SQL) reaches a
 * client.
 */
public class ErrorMapping {

    private static final Logger LOG = Logger.getLogger(ErrorMapping.class);

    /** The error body of the contract. */
    public record ErrorBody(String code, String message) {
    }

    @ServerExceptionMapper
    public Response chat(ChatException e) {
        return answer(e.status(), e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return answer(400, "INVALID", "the body is not valid JSON of the expected shape");
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return answer(401, "UNAUTHENTICATED", "a valid access token is required");
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return answer(403, "FORBIDDEN", "not allowed");
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 400 -> answer(400, "INVALID", "the request is malformed");
            case 401 -> answer(401, "UNAUTHENTICATED", "a valid access token is required");
            case 403 -> answer(403, "FORBIDDEN", "not allowed");
            case 404, 405 -> answer(404, "NOT_FOUND", "no such resource");
            case 413 -> answer(413, "TOO_LARGE", "the request is too large");
            case 415 -> answer(415, "UNSUPPORTED_MEDIA_TYPE", "use application/json");
            default -> status >= 500 ? answer(500, "INTERNAL", "internal error") : answer(400, "INVALID", "the request is malformed");
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure answering a request", e);
        return answer(500, "INTERNAL", "internal error");
    }

    static Response answer(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(code, message)).build();
    }
}
