package io.parley.system;

import io.parley.system.ParleyStack.TestUser;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20.10: a gateway that served sockets, all closed by now, stops without waiting for quarkus.shutdown.timeout.
 * An upgraded /ws request never ends its HTTP response, so Quarkus counts it in flight until the gateway marks it done;
 * it once did so only for requests it still held at the drain, weakly, and a garbage collection in between left a
 * closed socket's request in flight: every such stop then waited the whole timeout and logged that it timed out.
 */
class GatewayStopTest {

    private static final String TIMED_OUT = "Timed out waiting for graceful shutdown";

    private final ParleyStack stack = ParleyStack.get();

    @Test
    void aGatewayWhoseSocketsHaveClosedStopsWithoutWaitingForTheShutdownTimeout() throws Exception {
        TestUser user = stack.newUser("stopper");
        int management = stack.managementPort("gateway-b");
        Path log = stack.process("gateway-b").log();
        long logStart = Files.size(log);
        double before = sockets(management);
        try (WsClient client = WsClient.connect(stack.port("gateway-b"), user.token())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sockets(management) > before);
        }
        // the gateway has seen the close, then a full collection: what it held weakly of the socket is gone
        await().atMost(Duration.ofSeconds(30)).until(() -> sockets(management) <= before);
        fullGc(stack.process("gateway-b").process().pid());
        try {
            stack.stop("gateway-b", Duration.ofSeconds(60));
            String stopLog = Files.readString(log).substring((int) logStart);
            assertTrue(stopLog.contains("shutting down: closing"), "the stop did not drain:\n" + tail(stopLog));
            assertFalse(stopLog.contains(TIMED_OUT), "the stop waited for a request in flight:\n" + tail(stopLog));
        } finally {
            stack.restart("gateway-b");
        }
    }

    /** The gateway's open sockets (0 before its first socket registers the gauge). */
    private static double sockets(int managementPort) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        for (String line : response.body().split("\n")) {
            if (line.startsWith("parley_gateway_sockets_active ") || line.startsWith("parley_gateway_sockets_active{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
            }
        }
        return 0; // registered with the metrics bean, on the first socket
    }

    private static void fullGc(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true).start();
        String output = new String(gc.getInputStream().readAllBytes());
        assertTrue(gc.waitFor(60, TimeUnit.SECONDS), "jcmd GC.run did not finish");
        assertEquals(0, gc.exitValue(), "jcmd GC.run: " + output);
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 3000));
    }
}
