package io.parley.gateway.ws;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The endpoint's size check counts a text frame's UTF-8 bytes without encoding it. */
class GatewayEndpointTest {

    @Test
    void utf8SizeIsCountedInBytes() {
        assertThat(GatewayEndpoint.utf8LengthExceeds("a".repeat(100), 100), is(false));
        assertThat(GatewayEndpoint.utf8LengthExceeds("a".repeat(101), 100), is(true));
        assertThat(GatewayEndpoint.utf8LengthExceeds("é".repeat(50), 100), is(false));
        assertThat(GatewayEndpoint.utf8LengthExceeds("é".repeat(51), 100), is(true));
        assertThat(GatewayEndpoint.utf8LengthExceeds("€".repeat(34), 100), is(true));
    }
}
