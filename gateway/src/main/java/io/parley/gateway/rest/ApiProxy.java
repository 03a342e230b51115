package io.parley.gateway.rest;

import io.parley.gateway.config.GatewayConfig;
import io.parley.kit.error.ErrorAnswer;
import io.parley.kit.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code /api/*} reverse proxy: each prefix goes to its owning service, bodies stream both ways (uploads are never
 * held whole), {@code Authorization} passes through, {@code X-Request-Id} and {@code X-Forwarded-For} are added. A service that is down answers
 * 503 UNAVAILABLE at once; {@code /internal/*} is never reachable through it. Writes and registrations pass
 * {@link ApiLimits} first.
 */
@ApplicationScoped
public class ApiProxy {

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final String TARGET = "parley.target";

    private final Map<String, SocketAddress> owners;
    private final GatewayConfig.Services services;
    private final ApiLimits limits;

    public ApiProxy(GatewayConfig config, ApiLimits limits) {
        this.services = config.services();
        this.limits = limits;
        // one table for routing and for the combined OpenAPI document (bots live with the accounts; webhooks,
        // event subscriptions and slash commands with the channels they act on: docs/bots.md)
        Map<String, SocketAddress> byService = Map.of("auth-service", address(services.auth()),
                "chat-service", address(services.chat()), "session-service", address(services.session()),
                "media-service", address(services.media()));
        Map<String, SocketAddress> table = new HashMap<>();
        OpenApiDocument.OWNERS.forEach((service, prefixes) ->
                prefixes.forEach(prefix -> table.put(prefix, byService.get(service))));
        this.owners = Map.copyOf(table);
    }

    void routes(@Observes Router router, Vertx vertx) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) services.connectTimeout().toMillis())
                .setMaxPoolSize(200)
                .setKeepAlive(true));
        HttpProxy proxy = HttpProxy.reverseProxy(client);
        proxy.originRequestProvider((request, httpClient) -> httpClient.request(new RequestOptions()
                .setServer(owners.get(request.path().split("/", 4)[2]))
                .setIdleTimeout(services.idleTimeout().toMillis())));
        proxy.addInterceptor(new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                return context.sendRequest().recover(failure -> Future.succeededFuture(unavailable(context)));
            }
        });
        router.route("/api/*").order(-10).handler(ctx -> forward(ctx, proxy));
    }

    private void forward(RoutingContext ctx, HttpProxy proxy) {
        String requestId = ctx.request().getHeader("X-Request-Id");
        if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
            requestId = UUID.randomUUID().toString();
            ctx.request().headers().set("X-Request-Id", requestId);
        }
        ctx.response().putHeader("X-Request-Id", requestId);
        // the services see the client, not the gateway (auth-service's per-IP login throttle); a client's own
        // X-Forwarded-For is replaced, never trusted (remoteAddress already honours the configured trusted proxies)
        if (ctx.request().remoteAddress() != null) {
            ctx.request().headers().set("X-Forwarded-For", ctx.request().remoteAddress().host());
        }
        String path = ctx.request().path();
        String[] segments = path.split("/", 4);
        if (segments.length < 3 || !owners.containsKey(segments[2]) || !isClean(path, ctx.normalizedPath())) {
            error(ctx, ErrorCode.NOT_FOUND, "no such route");
            return;
        }
        limits.admit(ctx, () -> proxy.handle(ctx.request()));
    }

    /** Rejects paths that could reach outside their prefix once the service normalises them (dot segments, encodings). */
    private static boolean isClean(String raw, String normalized) {
        String lower = raw.toLowerCase();
        return raw.equals(normalized) && !lower.contains("%2e") && !lower.contains("%2f") && !lower.contains("%5c")
                && !lower.contains("/internal");
    }

    private static ProxyResponse unavailable(ProxyContext context) {
        ErrorAnswer answer = new ErrorAnswer(ErrorCode.UNAVAILABLE, "the service is unavailable, retry later");
        return context.request().response()
                .setStatusCode(answer.status())
                .putHeader("Content-Type", "application/json")
                .putHeader("Retry-After", "1")
                .setBody(Body.body(body(answer)));
    }

    private static void error(RoutingContext ctx, ErrorCode code, String message) {
        ErrorAnswer answer = new ErrorAnswer(code, message);
        ctx.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                .end(body(answer));
    }

    /** The contract's {@code {"code","message"}}: the kit's {@code ErrorBody}, as every service writes it. */
    static Buffer body(ErrorAnswer answer) {
        return Json.encodeToBuffer(answer.body());
    }

    private static SocketAddress address(String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return SocketAddress.inetSocketAddress(port, uri.getHost());
    }
}
