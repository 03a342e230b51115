package io.parley.chat.messaging;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The {@code source} this instance writes into envelopes: {@code chat-service/<host>}. Built at start-up, because
 * the host name lookup may block and must not run on an event loop.
 */
@Startup
@ApplicationScoped
public class ServiceIdentity {

    private final String source;

    public ServiceIdentity() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown";
        }
        this.source = "chat-service/" + host;
    }

    public String source() {
        return source;
    }
}
