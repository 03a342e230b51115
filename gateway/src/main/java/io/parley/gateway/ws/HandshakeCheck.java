package io.parley.gateway.ws;

import io.parley.gateway.service.ConnectionLimits;
import io.parley.gateway.service.TokenVerifier;
import io.parley.gateway.socket.VerifiedHandshake;
import io.parley.kit.bans.BannedUsers;
import io.parley.kit.error.ErrorBody;
import io.parley.kit.error.ErrorCode;
import io.parley.kit.error.UnavailableException;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Admission at the HTTP upgrade, before any socket exists: per-IP handshake rate and concurrent sockets (429), the
 * access token (401), bans (403), sockets per user (429), and no new sockets while shutting down (503). A token that
 * cannot be checked because auth-service's JWKS cannot be fetched is 503 {@code UNAVAILABLE} with {@code Retry-After}:
 * the client must retry, not throw its token away as a 401 would tell it to.
 */
@ApplicationScoped
public class HandshakeCheck implements HttpUpgradeCheck {

    private static final String BEARER = "Bearer ";
    private static final String RETRY_UNAVAILABLE_SECONDS = "1";
    /** Marks "the JWKS could not be fetched" until the verdict is back on the event loop. */
    private static final CheckResult UNAVAILABLE = CheckResult.rejectUpgradeSync(503);
    /** What Vert.x and Netty read to complete the upgrade (RFC 6455 §4.2.1, subprotocols, compression). */
    private static final Set<String> HANDSHAKE_HEADERS = Set.of("host", "connection", "upgrade", "origin",
            "sec-websocket-key", "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions");

    private final TokenVerifier verifier;
    private final BannedUsers banned;
    private final ConnectionLimits limits;
    private final GracefulShutdown shutdown;

    public HandshakeCheck(TokenVerifier verifier, BannedUsers banned, ConnectionLimits limits, GracefulShutdown shutdown) {
        this.verifier = verifier;
        this.banned = banned;
        this.limits = limits;
        this.shutdown = shutdown;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!shutdown.isAccepting()) {
            return CheckResult.rejectUpgrade(503);
        }
        HttpServerRequest request = context.httpRequest();
        String ip = request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
        long waitMs = limits.admitIp(ip);
        if (waitMs > 0) {
            return Uni.createFrom().item(tooMany(waitMs));
        }
        String token = token(request);
        if (token == null) {
            return CheckResult.rejectUpgrade(401);
        }
        String userAgent = truncate(request.getHeader("User-Agent"), 256);
        Context eventLoop = Vertx.currentContext();
        Uni<CheckResult> verdict = verifier.verify(token).map(verified -> {
            if (banned.isBanned(verified.userId())) {
                return CheckResult.rejectUpgradeSync(403);
            }
            if (limits.userAtCapacity(verified.userId())) {
                return tooMany(1000);
            }
            context.userData().put(VerifiedHandshake.KEY, new VerifiedHandshake(verified.userId(), verified.username(),
                    verified.roles(), verified.expiresAtMs(), ip, userAgent, verified.familyId()));
            return CheckResult.permitUpgradeSync();
        }).onFailure().recoverWithItem(failure -> isUnavailable(failure) ? UNAVAILABLE : CheckResult.rejectUpgradeSync(401));
        // verification ran on a worker: finish the upgrade on the request's own event loop
        Uni<CheckResult> onEventLoop = eventLoop == null
                ? verdict
                : verdict.emitOn(task -> eventLoop.runOnContext(ignored -> task.run()));
        return onEventLoop.flatMap(result -> {
            if (result == UNAVAILABLE) {
                return unavailable(request);
            }
            if (result.isUpgradePermitted()) {
                keepOnlyHandshakeHeaders(request.headers());
            }
            return Uni.createFrom().item(result);
        });
    }

    /**
     * Drops every request header the WebSocket handshake itself does not read, once the client is admitted (what
     * the gateway needs of them, the token's claims, address and user agent, is in {@link VerifiedHandshake} by then).
     * websockets-next keeps the upgrade request, and a copy of its headers, for the socket's lifetime: a bearer token
     * alone is ~0.8 KB, a browser's user agent, cookies and accept headers as much again, on each of ~19k sockets.
     */
    static void keepOnlyHandshakeHeaders(MultiMap headers) {
        List<String> dropped = headers.names().stream()
                .filter(name -> !HANDSHAKE_HEADERS.contains(name.toLowerCase(Locale.ROOT))).toList();
        dropped.forEach(headers::remove);
    }

    private static boolean isUnavailable(Throwable failure) {
        return failure instanceof UnavailableException;
    }

    /**
     * 503 with the contract's error body ({@code {"code":"UNAVAILABLE",...}}, as the /api proxy answers for a service
     * that is down). websockets-next writes a refusal without a body, so this one is written here, and the check
     * never completes: the response is over, there is nothing left for websockets-next to do.
     */
    private static Uni<CheckResult> unavailable(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.headWritten()) {
            return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of(RETRY_UNAVAILABLE_SECONDS)));
        }
        response.setStatusCode(503)
                .putHeader("Content-Type", "application/json")
                .putHeader("Retry-After", RETRY_UNAVAILABLE_SECONDS)
                .end(Json.encodeToBuffer(
                        ErrorBody.of(ErrorCode.UNAVAILABLE, "tokens cannot be verified now, retry later")));
        return Uni.createFrom().nothing();
    }

    private static String token(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = header.substring(BEARER.length()).trim();
            return token.isEmpty() ? null : token;
        }
        String query = request.getParam("access_token");
        return query == null || query.isBlank() ? null : query;
    }

    private static CheckResult tooMany(long waitMs) {
        long seconds = Math.max(1, (waitMs + 999) / 1000);
        return CheckResult.rejectUpgradeSync(429, Map.of("Retry-After", List.of(Long.toString(seconds))));
    }

    private static String truncate(String value, int max) {
        return value == null ? "" : value.length() > max ? value.substring(0, max) : value;
    }
}
