package io.parley.gateway.rest;

import io.parley.kit.error.ErrorAnswer;
import io.parley.kit.error.ErrorBody;
import io.parley.kit.error.ErrorCode;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The contract's request-line bound (PROTOCOL §2: up to 32 KiB is accepted): a longer line answers 414 with the
 * contract's JSON body ({@code TOO_LARGE}) instead of Vert.x's bare 414. The HTTP decoder's own cap
 * ({@code quarkus.http.limits.max-initial-line-length}) sits above it, so such lines reach this check; only a line
 * beyond that cap still gets the decoder's bare 414 (Quarkus offers no hook for invalid requests).
 */
@ApplicationScoped
public class RequestLineLimit {

    /** The longest request line the contract promises to accept, CRLF excluded. */
    static final int MAX_REQUEST_LINE = 32 * 1024;

    void routes(@Observes Router router) {
        router.route().order(-100).handler(ctx -> {
            if (requestLineLength(ctx.request()) > MAX_REQUEST_LINE) {
                ErrorAnswer answer = new ErrorAnswer(414, ErrorBody.of(ErrorCode.TOO_LARGE,
                        "request line longer than " + MAX_REQUEST_LINE + " bytes"), null);
                ctx.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                        .end(ApiProxy.body(answer));
                return;
            }
            ctx.next();
        });
    }

    /** {@code METHOD SP request-target SP HTTP/x.y}, as the decoder measures it (the target is ASCII on the wire). */
    static int requestLineLength(HttpServerRequest request) {
        return request.method().name().length() + 1 + request.uri().length() + 1 + "HTTP/1.1".length();
    }
}
