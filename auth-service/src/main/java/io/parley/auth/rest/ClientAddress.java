package io.parley.auth.rest;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The client's IP for throttling. quarkus.http.proxy.* already puts the X-Forwarded-For address in place when the
 * peer is a trusted proxy. A trusted proxy that names no client (a gateway that does not forward it) is not a
 * client: empty then, so that all of its users do not share one per-IP bound.
 */
@ApplicationScoped
public class ClientAddress {

    private final List<String> trustedProxies;

    public ClientAddress(@ConfigProperty(name = "quarkus.http.proxy.trusted-proxies") Optional<List<String>> trusted) {
        this.trustedProxies = trusted.orElse(List.of());
    }

    public Optional<String> of(HttpServerRequest request) {
        boolean forwarded = request.getHeader("X-Forwarded-For") != null || request.getHeader("Forwarded") != null;
        SocketAddress peer = request.connection() == null ? null : request.connection().remoteAddress();
        if (!forwarded && peer != null && isTrustedProxy(peer.hostAddress())) {
            return Optional.empty();
        }
        SocketAddress client = request.remoteAddress();
        return client == null ? Optional.empty() : Optional.of(client.hostAddress());
    }

    private boolean isTrustedProxy(String address) {
        return trustedProxies.stream().anyMatch(entry -> matches(entry.trim(), address));
    }

    /**
     * An IP or a CIDR block. Host names in the list are skipped: resolving one here would block the event loop
     * (InetAddress only parses literals without a lookup).
     */
    static boolean matches(String entry, String address) {
        try {
            String[] parts = entry.split("/", 2);
            if (!parts[0].matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
                return false;
            }
            InetAddress network = InetAddress.getByName(parts[0]);
            InetAddress candidate = InetAddress.getByName(address);
            byte[] a = network.getAddress();
            byte[] b = candidate.getAddress();
            if (a.length != b.length) {
                return false;
            }
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : a.length * 8;
            int shift = a.length * 8 - bits;
            return new BigInteger(1, a).shiftRight(shift).equals(new BigInteger(1, b).shiftRight(shift));
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }
}
