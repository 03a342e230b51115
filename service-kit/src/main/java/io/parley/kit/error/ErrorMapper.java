package io.parley.kit.error;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure of a JAX-RS resource, in every service, becomes the contract's answer here. The exception types are
 * listed so that no built-in mapper (Jackson's, Bean Validation's) answers instead; all go to {@link ErrorAnswers}.
 */
public class ErrorMapper {

    @ServerExceptionMapper({Throwable.class, jakarta.validation.ConstraintViolationException.class,
            io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException.class,
            com.fasterxml.jackson.core.JsonProcessingException.class,
            com.fasterxml.jackson.core.JsonParseException.class,
            com.fasterxml.jackson.databind.JsonMappingException.class,
            com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
            com.fasterxml.jackson.databind.exc.InvalidFormatException.class,
            jakarta.ws.rs.WebApplicationException.class,
            io.quarkus.security.AuthenticationFailedException.class,
            io.quarkus.security.UnauthorizedException.class,
            io.quarkus.security.AuthenticationCompletionException.class,
            io.quarkus.security.ForbiddenException.class})
    public Response map(Throwable failure) {
        return ErrorAnswers.translate(failure).toResponse();
    }
}
