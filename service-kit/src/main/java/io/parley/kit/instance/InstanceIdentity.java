package io.parley.kit.instance;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Who this service instance is: its id ({@code parley.instance-id}, env {@code PARLEY_INSTANCE_ID}; by default host
 * name and HTTP port, so the same instance restarted on the same host and port keeps it) and the {@code source} it
 * writes into envelopes ({@code <service>/<id>}). Built at start-up: the host name lookup may block.
 */
@Startup
@ApplicationScoped
public class InstanceIdentity {

    private final String id;
    private final String source;

    public InstanceIdentity(@ConfigProperty(name = "parley.instance-id") Optional<String> configured,
            @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        this.id = configured.map(String::strip).filter(s -> !s.isEmpty()).orElseGet(() -> hostName(service) + "-" + port);
        this.source = service + "/" + id;
    }

    public String id() {
        return id;
    }

    public String source() {
        return source;
    }

    private static String hostName(String fallback) {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return fallback;
        }
    }
}
