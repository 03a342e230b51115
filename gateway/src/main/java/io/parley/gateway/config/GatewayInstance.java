package io.parley.gateway.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** This gateway instance's id: its reply address on gateway.replies and its own consumer group on fan-out topics. */
@ApplicationScoped
public class GatewayInstance {

    private final String id;

    public GatewayInstance(@ConfigProperty(name = "parley.gateway.instance-id") Optional<String> configured,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        this.id = configured.filter(s -> !s.isBlank()).orElseGet(() -> hostName() + "-" + port);
    }

    public String id() {
        return id;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "gateway";
        }
    }
}
