package io.parley.auth.rest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientAddressTest {

    @Test
    void trustedProxyEntriesMatchAddressesAndBlocks() {
        assertTrue(ClientAddress.matches("127.0.0.1", "127.0.0.1"));
        assertFalse(ClientAddress.matches("127.0.0.1", "127.0.0.2"));
        assertTrue(ClientAddress.matches("10.42.0.0/16", "10.42.7.9"));
        assertFalse(ClientAddress.matches("10.42.0.0/16", "10.43.0.1"));
        assertTrue(ClientAddress.matches("0:0:0:0:0:0:0:1", "::1"));
        assertFalse(ClientAddress.matches("10.0.0.0/8", "::1"));
        assertFalse(ClientAddress.matches("10.0.0.0/x", "10.0.0.1"));
        assertFalse(ClientAddress.matches("gateway.internal", "10.0.0.1"));
    }
}
