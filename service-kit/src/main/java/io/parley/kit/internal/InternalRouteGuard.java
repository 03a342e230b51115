package io.parley.kit.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.kit.error.ErrorAnswer;
import io.parley.kit.error.ErrorCode;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The callee's side of the service credential, by path: every request whose path is {@code /internal} or below it
 * (however spelled: dot segments, percent-encoding, repeated slashes, case) needs a valid service token, or gets the
 * 404 of an unknown route. A route on every path, before authentication and before any resource, so that no
 * {@code /internal} resource of any service can be reached without it. CPU only, on the event loop.
 */
@Singleton
public class InternalRouteGuard {

    /** Before Quarkus's authentication handler (its filter priority, as a route order), after body handling. */
    static final int ORDER = -SecurityHandlerPriorities.AUTHENTICATION - 10;

    private final ServiceTokenVerifier verifier;
    private final Map<ServiceTokenVerifier.Refusal, Counter> refused =
            new EnumMap<>(ServiceTokenVerifier.Refusal.class);
    private final String notFound = Json.encode(new ErrorAnswer(ErrorCode.NOT_FOUND, "no such resource").body());

    public InternalRouteGuard(ServiceCredentialKeys keys, InternalSettings settings, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.verifier = keys.publicKey()
                .map(key -> new ServiceTokenVerifier(key, service, settings.clockSkew()))
                .orElse(null);
        for (ServiceTokenVerifier.Refusal reason : ServiceTokenVerifier.Refusal.values()) {
            refused.put(reason, Counter.builder("parley.internal.refused")
                    .description("Requests to /internal/* refused (answered 404) for want of a valid service token")
                    .tag("reason", reason.tag())
                    .register(registry));
        }
    }

    void routes(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        if (!isInternal(ctx.normalizedPath()) && !isInternal(ctx.request().path())) {
            ctx.next();
            return;
        }
        ServiceTokenVerifier.Refusal refusal = verifier == null
                ? ServiceTokenVerifier.Refusal.UNCONFIGURED
                : verifier.check(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (refusal != null) {
            refused.get(refusal).increment();
            ctx.response().setStatusCode(404)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(notFound);
            return;
        }
        // the service credential is not a user: nothing after this guard may take it for one
        ctx.request().headers().remove(HttpHeaders.AUTHORIZATION);
        ctx.next();
    }

    /**
     * Whether {@code path}, decoded and normalised as leniently as any router might, starts with a segment
     * {@code internal} (matrix parameters and anything glued after the word included): wider than the routes, never
     * narrower.
     */
    static boolean isInternal(String path) {
        if (path == null || path.indexOf('%') < 0 && !containsWordIgnoringCase(path)) {
            return false; // the common case, without allocating
        }
        String decoded = path;
        for (int i = 0; i < 3 && decoded.indexOf('%') >= 0; i++) {
            decoded = percentDecode(decoded);
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.replace('\\', '/').split("/")) {
            String name = segment.toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                segments.pollLast();
                continue;
            }
            segments.addLast(name);
        }
        return !segments.isEmpty() && segments.peekFirst().startsWith("internal");
    }

    private static boolean containsWordIgnoringCase(String path) {
        for (int i = 0; i + 8 <= path.length(); i++) {
            if (path.regionMatches(true, i, "internal", 0, 8)) {
                return true;
            }
        }
        return false;
    }

    /** {@code %XX} as UTF-8 bytes; anything else (a lone {@code %} included) stays as it is. */
    private static String percentDecode(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
            int low = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
            if (c == '%' && high >= 0 && low >= 0) {
                bytes.write(high * 16 + low);
                i += 3;
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
                bytes.writeBytes(value.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
