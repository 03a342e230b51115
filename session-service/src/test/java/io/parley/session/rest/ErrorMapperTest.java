package io.parley.session.rest;

import io.parley.kit.error.ErrorBody;
import io.parley.kit.error.ErrorMapper;
import io.parley.kit.error.NotFoundException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * This service's failures through the kit's mapper: contract codes kept, PostgreSQL or Kafka away is 503, anything
 * unexpected 500 with no detail.
 */
class ErrorMapperTest {

    private final ErrorMapper mapper = new ErrorMapper();

    @Test
    void contractErrorsKeepTheirStatusAndCode() {
        var response = mapper.map(new NotFoundException("no such session"));
        assertEquals(404, response.getStatus());
        assertEquals(new ErrorBody("NOT_FOUND", "no such session"), response.getEntity());
    }

    @Test
    void unreachableDatabaseOrBrokerIsUnavailable() {
        assertEquals(new ErrorBody("UNAVAILABLE", "temporarily unavailable, retry later"),
                mapper.map(new RuntimeException(new ConnectException("refused"))).getEntity());
        assertEquals(503, mapper.map(ClosedConnectionException.INSTANCE).getStatus());
        assertEquals(503, mapper.map(new TimeoutException("no ack")).getStatus());
    }

    @Test
    void unexpectedFailureIsInternalWithoutItsText() {
        var response = mapper.map(new IllegalStateException("SELECT secret FROM somewhere", new SQLException("x")));
        assertEquals(500, response.getStatus());
        ErrorBody body = (ErrorBody) response.getEntity();
        assertEquals("INTERNAL", body.code());
        // the kit's wording: the reference is the one logged with the failure
        assertTrue(body.message().matches("internal error \\(reference [0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\\)"),
                body.message());
    }
}
