package io.parley.chat.messaging;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Who this instance is: the {@code source} it writes into envelopes ({@code chat-service/<host>}) and its instance id
 * (configured, or host name and HTTP port, so the same instance restarted on the same host and port keeps it). Built
 * at start-up, because the host name lookup may block and must not run on an event loop.
 */
@Startup
@ApplicationScoped
public class ServiceIdentity {

    private final String source;
    private final String instanceId;

    public ServiceIdentity(@ConfigProperty(name = "parley.chat.instance-id") Optional<String> configured,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown";
        }
        this.source = "chat-service/" + host;
        String defaultId = host + "-" + port;
        this.instanceId = configured.filter(s -> !s.isBlank()).orElse(defaultId);
    }

    public String source() {
        return source;
    }

    public String instanceId() {
        return instanceId;
    }
}
