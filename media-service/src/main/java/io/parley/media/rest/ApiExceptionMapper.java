package io.parley.media.rest;

import io.parley.media.domain.RangeNotSatisfiableException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure of a JAX-RS resource, answered as {@code {"code","message"}} through {@link ErrorTranslation}. */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<Throwable> {

    // Quarkus ships its own mappers for these two (an empty 401); these take precedence and keep our body
    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException failure) {
        return toResponse(failure);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException failure) {
        return toResponse(failure);
    }

    @Override
    public Response toResponse(Throwable failure) {
        ErrorTranslation.Answer answer = ErrorTranslation.translate(failure);
        Response.ResponseBuilder response = Response.status(answer.status()).type(MediaType.APPLICATION_JSON)
                .entity(answer.body());
        if (failure instanceof RangeNotSatisfiableException unsatisfiable) {
            response.header("Content-Range", "bytes */" + unsatisfiable.size());
        }
        return response.build();
    }
}
