package io.parley.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Points the gateway at the test's stand-ins for auth, chat, session and media (one HTTP server, {@link ServiceDoubles},
 * on a free port). The port travels through a system property, so the doubles can be started by the test's own class
 * loader, where the tests can reach their state.
 */
public class DoublesResource implements QuarkusTestResourceLifecycleManager {

    public static final String PORT_PROPERTY = "parley.test.doubles-port";

    @Override
    public Map<String, String> start() {
        int port = freePort();
        System.setProperty(PORT_PROPERTY, Integer.toString(port));
        String url = "http://127.0.0.1:" + port;
        return Map.of(
                "parley.gateway.services.auth", url,
                "parley.gateway.services.chat", url,
                "parley.gateway.services.session", url,
                // media-service is "down": nothing listens there
                "parley.gateway.services.media", "http://127.0.0.1:" + freePort(),
                "mp.jwt.verify.publickey.location", url + "/jwks");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // the doubles belong to the test class loader; ServiceDoubles.current() restarts them on the next port
    }
}
