package io.parley.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Port checks that turn a clash into a message naming the port and the variable that moves it. */
final class Ports {

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

    /** A port that is free now (the OS's pick). */
    static int free() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void requireFree(int port, String variable, String what) {
        if (listening("127.0.0.1", port)) {
            throw new IllegalStateException("port " + port + " (" + what + ") is already in use by another process: "
                    + "stop it, or set " + variable + " to another port");
        }
    }
}
