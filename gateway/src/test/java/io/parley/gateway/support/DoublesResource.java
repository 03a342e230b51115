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

    /**
     * A port free now and outside the kernel's ephemeral range. The doubles bind it only once the gateway has started
     * (in the test's class loader), and a port from bind(0) is an ephemeral one that the gateway's own outgoing
     * connections (Kafka, HTTP clients) may take as their local port meanwhile: "Address already in use".
     */
    private static int freePort() {
        int ephemeralLow = ephemeralRangeLow();
        if (ephemeralLow > 21_000) {
            java.util.Random random = new java.util.Random();
            for (int attempt = 0; attempt < 50; attempt++) {
                int port = 20_000 + random.nextInt(ephemeralLow - 20_000);
                try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                    return socket.getLocalPort();
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int ephemeralRangeLow() {
        try {
            String range = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0; // unknown: fall back to bind(0)
        }
    }

    @Override
    public void stop() {
        // the doubles belong to the test class loader; ServiceDoubles.current() restarts them on the next port
    }
}
