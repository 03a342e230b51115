package io.parley.kit.net;

import java.net.InetAddress;
import java.net.URI;

/**
 * A checked outbound URL and the one address it was checked at: connect to {@link #address} (with {@link #host} as
 * the Host header and TLS server name), never to the name again, or a second resolution could answer differently
 * (DNS rebinding).
 */
public record OutboundTarget(URI url, String host, int port, boolean tls, InetAddress address) {

    /** The path and query to request, {@code /} when the URL has none. */
    public String requestUri() {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }
}
