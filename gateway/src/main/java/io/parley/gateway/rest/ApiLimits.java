package io.parley.gateway.rest;

import io.parley.gateway.error.CommandRateLimitedException;
import io.parley.gateway.service.ChannelAccessCache;
import io.parley.gateway.service.CommandRateLimiter;
import io.parley.gateway.service.ConnectionLimits;
import io.parley.gateway.service.GatewayMetrics;
import io.parley.gateway.service.TokenVerifier;
import io.parley.gateway.service.VerifiedToken;
import io.parley.kit.error.ErrorAnswer;
import io.parley.kit.error.ErrorAnswers;
import io.vertx.core.Context;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The limits {@code /api/*} applies before a request is proxied (docs/security.md, "Hardening"):
 * <ul>
 * <li>{@code POST /api/auth/register} per client IP (the socket peer, or the forwarded address only from a trusted
 * proxy: Quarkus's {@code quarkus.http.proxy.*});</li>
 * <li>every write ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) with a valid access token, from the
 * user's budget for {@code send}/{@code edit}/{@code react} on the socket ({@link CommandRateLimiter}), so that
 * {@code POST /api/channels/{id}/messages} cannot go round the socket's limit; a bot's token (its {@code groups}
 * contain {@code bot}) spends the bot budget ({@code parley.gateway.limits.bot-command-*}, docs/bots.md).</li>
 * </ul>
 * A write whose token the gateway cannot verify goes on uncounted: the service answers it (401, or logout, which
 * needs no valid access token). A refusal is 429 {@code RATE_LIMITED} with {@code Retry-After}, counted in
 * {@code parley_gateway_api_rate_limited_total{limit}}. A successful {@code POST /api/channels/{id}/join} also drops
 * the gateway's cached access answer for that user and channel, so a {@code subscribe} right after it is not refused
 * from the cache.
 */
@ApplicationScoped
public class ApiLimits {

    static final String REGISTER = "/api/auth/register";
    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);
    private static final Pattern JOIN = Pattern.compile("/api/channels/([0-9a-f-]{36})/join");

    private final ConnectionLimits connectionLimits;
    private final CommandRateLimiter commandLimiter;
    private final TokenVerifier verifier;
    private final ChannelAccessCache accessCache;
    private final GatewayMetrics metrics;

    public ApiLimits(ConnectionLimits connectionLimits, CommandRateLimiter commandLimiter, TokenVerifier verifier,
            ChannelAccessCache accessCache, GatewayMetrics metrics) {
        this.connectionLimits = connectionLimits;
        this.commandLimiter = commandLimiter;
        this.verifier = verifier;
        this.accessCache = accessCache;
        this.metrics = metrics;
    }

    /** Runs {@code proceed} (on the request's event loop) when the request may go on, else answers 429 itself. */
    void admit(RoutingContext ctx, Runnable proceed) {
        HttpServerRequest request = ctx.request();
        if (!WRITES.contains(request.method())) {
            proceed.run();
            return;
        }
        if (request.method() == HttpMethod.POST && REGISTER.equals(request.path())) {
            String ip = request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
            long waitMs = connectionLimits.admitRegistration(ip);
            if (waitMs > 0) {
                refuse(ctx, "register-per-ip",
                        new CommandRateLimitedException("too many registrations from this address, retry later", waitMs));
            } else {
                proceed.run();
            }
            return;
        }
        String token = bearer(request.getHeader("Authorization"));
        if (token == null) {
            proceed.run();
            return;
        }
        // verification may fetch the JWKS, so it runs on a worker; the body waits, paused, until the answer
        request.pause();
        Context eventLoop = ctx.vertx().getOrCreateContext();
        verifier.verify(token).subscribe().with(
                verified -> eventLoop.runOnContext(v -> afterVerified(ctx, verified, proceed)),
                unverifiable -> eventLoop.runOnContext(v -> proceed.run()));
    }

    private void afterVerified(RoutingContext ctx, VerifiedToken caller, Runnable proceed) {
        try {
            commandLimiter.take(caller.userId(), caller.bot());
        } catch (CommandRateLimitedException limited) {
            refuse(ctx, "user-writes", limited);
            return;
        }
        Matcher join = ctx.request().method() == HttpMethod.POST ? JOIN.matcher(ctx.request().path()) : null;
        if (join != null && join.matches()) {
            String channelId = join.group(1);
            // before the client sees the answer: its next subscribe asks chat-service instead of the cache
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() / 100 == 2) {
                    accessCache.invalidate(channelId, caller.userId());
                }
            });
        }
        proceed.run();
    }

    private void refuse(RoutingContext ctx, String limit, CommandRateLimitedException limited) {
        metrics.apiRateLimited(limit);
        ErrorAnswer answer = ErrorAnswers.translate(limited);
        ctx.response().setStatusCode(answer.status())
                .putHeader("Content-Type", "application/json")
                .putHeader("Retry-After", Long.toString(answer.retryAfterSeconds()))
                .end(ApiProxy.body(answer));
        // the body of a refused request is read and dropped, so the connection stays usable
        ctx.request().resume();
    }

    private static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
