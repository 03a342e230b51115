package io.parley.session.rest;

import io.parley.session.domain.NotFoundException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Failures become the contract's codes; a dependency that is away is 503, anything unexpected 500 with no detail. */
class ErrorMapperTest {

    private final ErrorMapper mapper = new ErrorMapper();

    @Test
    void contractErrorsKeepTheirStatusAndCode() {
        var response = mapper.api(new NotFoundException("no such session"));
        assertEquals(404, response.getStatus());
        assertEquals(new ApiError("NOT_FOUND", "no such session"), response.getEntity());
    }

    @Test
    void unreachableDatabaseOrBrokerIsUnavailable() {
        assertEquals(new ApiError("UNAVAILABLE", "temporarily unavailable, retry later"),
                mapper.internal(new RuntimeException(new ConnectException("refused"))).getEntity());
        assertEquals(503, mapper.internal(ClosedConnectionException.INSTANCE).getStatus());
        assertEquals(503, mapper.internal(new TimeoutException("no ack")).getStatus());
    }

    @Test
    void unexpectedFailureIsInternalWithoutItsText() {
        var response = mapper.internal(new IllegalStateException("SELECT secret FROM somewhere", new SQLException("x")));
        assertEquals(500, response.getStatus());
        assertEquals(new ApiError("INTERNAL", "internal error"), response.getEntity());
    }
}
