package io.parley.chat.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The {@code source} this instance writes into envelopes: {@code chat-service/<host>}. */
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
