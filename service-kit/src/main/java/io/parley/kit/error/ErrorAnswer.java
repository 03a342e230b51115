package io.parley.kit.error;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A status with its contract body, and the {@code Retry-After} seconds of a RATE_LIMITED answer (else null). */
public record ErrorAnswer(int status, ErrorBody body, Long retryAfterSeconds) {

    public ErrorAnswer(ErrorCode code, String message) {
        this(code.status(), ErrorBody.of(code, message), null);
    }

    public Response toResponse() {
        Response.ResponseBuilder answer = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        if (retryAfterSeconds != null) {
            answer.header("Retry-After", retryAfterSeconds);
        }
        if (status == 401) {
            answer.header("WWW-Authenticate", "Bearer");
        }
        return answer.build();
    }
}
