package io.parley.kit.error;

import com.fasterxml.jackson.core.JsonParseException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorAnswersTest {

    @Test
    void aContractFailureKeepsItsCodeStatusAndMessage() {
        ErrorAnswer answer = ErrorAnswers.translate(new ConflictException("username taken"));
        assertEquals(409, answer.status());
        assertEquals(new ErrorBody("CONFLICT", "username taken"), answer.body());
        assertNull(answer.retryAfterSeconds());
    }

    @Test
    void rateLimitedCarriesWholeRetryAfterSecondsOfAtLeastOne() {
        ErrorAnswer answer = ErrorAnswers.translate(new RateLimitedException("slow down", 0));
        assertEquals(429, answer.status());
        assertEquals("RATE_LIMITED", answer.body().code());
        assertEquals(1L, answer.retryAfterSeconds());
        assertEquals("1", answer.toResponse().getHeaderString("Retry-After"));
    }

    @Test
    void aWrappedFailureIsAnsweredAsItsCause() {
        ErrorAnswer answer = ErrorAnswers.translate(new CompletionException(new ForbiddenException("admin only")));
        assertEquals(new ErrorBody("FORBIDDEN", "admin only"), answer.body());
    }

    @Test
    void frameworkRefusalsBecomeContractCodes() {
        assertEquals("NOT_FOUND", ErrorAnswers.translate(new NotFoundException()).body().code());
        ErrorAnswer method = ErrorAnswers.translate(new NotAllowedException("GET"));
        assertEquals(404, method.status());
        assertEquals("NOT_FOUND", method.body().code());
    }

    @Test
    void malformedJsonSaysSoWithoutTheParserPosition() {
        ErrorAnswer answer = ErrorAnswers.translate(new JsonParseException(null, "Unexpected character at [line: 1]"));
        assertEquals(new ErrorBody("INVALID", "the body is not valid JSON"), answer.body());
    }

    @Test
    void anUnreachableDependencyIsUnavailableNotInternal() {
        ErrorAnswer answer = ErrorAnswers.translate(new RuntimeException("query failed", new ConnectException("refused")));
        assertEquals(503, answer.status());
        assertEquals("UNAVAILABLE", answer.body().code());
    }

    @Test
    void anUnexpectedFailureLeaksNothingButAReference() {
        ErrorAnswer answer = ErrorAnswers.translate(new IllegalStateException("SELECT * FROM secret"));
        assertEquals(500, answer.status());
        assertEquals("INTERNAL", answer.body().code());
        assertFalse(answer.body().message().contains("SELECT"));
        assertTrue(answer.body().message().startsWith("internal error (reference "));
    }

    @Test
    void unauthenticatedAnswersNameTheBearerScheme() {
        ErrorAnswer answer = ErrorAnswers.translate(new UnauthenticatedException("a valid access token is required"));
        assertEquals("Bearer", answer.toResponse().getHeaderString("WWW-Authenticate"));
    }
}
