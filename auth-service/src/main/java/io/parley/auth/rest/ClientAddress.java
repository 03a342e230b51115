package io.parley.auth.rest;

import io.vertx.core.http.HttpServerRequest;

/** The client's IP for throttling: behind the gateway, X-Forwarded-For as far as it comes from a trusted proxy. */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(HttpServerRequest request) {
        // quarkus.http.proxy.* has already replaced the peer address by the forwarded one when the peer is trusted
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
