package io.parley.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Port checks that turn a clash into a message naming the port and the variable that moves it. */
public final class Ports {

    /** Ports {@link #free()} handed out in this JVM: never twice, even if the first taker has not bound it yet. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits (briefly) for a port that a just-stopped process held. */
    static void awaitFree(int port, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (listening("127.0.0.1", port) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * A port that is free now, below Linux's ephemeral range (32768–60999). The OS's own pick ({@code new
     * ServerSocket(0)}) lies inside it, where a client connection of any process (a Kafka client's, say) may take it
     * as its source port before the service binds it ("Port … seems to be in use", seen once in secure mode).
     */
    public static int free() throws IOException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IOException("no free port between 20000 and 32000 after 1000 attempts");
    }

    static void requireFree(int port, String variable, String what) {
        if (listening("127.0.0.1", port)) {
            throw new IllegalStateException("port " + port + " (" + what + ") is already in use by another process: "
                    + "stop it, or set " + variable + " to another port");
        }
    }
}
