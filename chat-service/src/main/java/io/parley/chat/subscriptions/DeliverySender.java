package io.parley.chat.subscriptions;

import io.parley.kit.net.OutboundGuard;
import io.parley.kit.net.OutboundRefusedException;
import io.parley.kit.net.OutboundTarget;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * POSTs one delivery: the URL is checked again (SSRF) on a worker thread, since resolution blocks, and the request
 * goes to the very address that was checked (Vert.x {@code RequestOptions.server}; Host and TLS name stay the URL's
 * host). Redirects are not followed; the answer's body is discarded unread. The Vert.x core client, not the
 * WebClient: it has all this, and no other dependency.
 */
@ApplicationScoped
class DeliverySender {

    private final HttpClient client;
    private final OutboundGuard guard;
    private final Duration timeout;

    DeliverySender(Vertx vertx, OutboundGuard guard, SubscriptionConfig config) {
        this.guard = guard;
        this.timeout = config.timeout();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(Math.max(1, config.concurrency()))
                .setConnectTimeout((int) timeout.toMillis())
                .setKeepAlive(true)
                .setVerifyHost(true)
                .setForceSni(true)
                .setTryUseCompression(false));
    }

    @PreDestroy
    void close() {
        // not awaited: shutdown may run on an event loop; in-flight attempts are abandoned (their leases expire)
        client.closeAndForget();
    }

    /** The attempt's outcome; never fails (a failure of any kind is an outcome). */
    Uni<Outcome> send(DeliveryRepository.Attempt attempt) {
        long started = System.nanoTime();
        return Uni.createFrom().item(() -> check(attempt.url()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(target -> post(target, attempt))
                .onFailure().recoverWithItem(DeliverySender::failure)
                .map(outcome -> outcome.took(System.nanoTime() - started));
    }

    private OutboundTarget check(String url) {
        try {
            return guard.check(url);
        } catch (OutboundRefusedException e) {
            throw new Refused(e.getMessage());
        }
    }

    private Uni<Outcome> post(OutboundTarget target, DeliveryRepository.Attempt attempt) {
        byte[] body = attempt.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = System.currentTimeMillis() / 1000;
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.tls())
                .setURI(target.requestUri())
                .setFollowRedirects(false)
                .setTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "Parley-Subscriptions/1")
                .putHeader(DeliverySignature.DELIVERY_HEADER, attempt.id().toString())
                .putHeader(DeliverySignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .putHeader(DeliverySignature.SIGNATURE_HEADER, DeliverySignature.sign(attempt.secret(), timestamp, body));
        return client.request(options)
                .chain(request -> request.send(Buffer.buffer(body))
                        .chain(response -> response.end().replaceWith(response.statusCode())))
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException())
                .map(status -> status >= 200 && status < 300 ? Outcome.delivered(status)
                        : Outcome.failed(status, "HTTP " + status, false));
    }

    private static Outcome failure(Throwable failure) {
        if (failure instanceof Refused refused) {
            return Outcome.failed(null, "refused: " + refused.getMessage(), true);
        }
        if (failure instanceof TimeoutException || failure instanceof NoStackTraceTimeoutException) {
            return Outcome.failed(null, "no answer within the timeout", false);
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return Outcome.failed(null, "connection failed: " + (message.length() > 200 ? message.substring(0, 200) : message),
                false);
    }

    /** The URL failed the SSRF check at send time. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** One attempt's result; {@code status} is null when no answer came. */
    record Outcome(boolean delivered, Integer status, String error, boolean refused, long nanos) {

        static Outcome delivered(int status) {
            return new Outcome(true, status, null, false, 0);
        }

        static Outcome failed(Integer status, String error, boolean refused) {
            return new Outcome(false, status, error, refused, 0);
        }

        Outcome took(long elapsed) {
            return new Outcome(delivered, status, error, refused, elapsed);
        }

        String metricOutcome() {
            return delivered ? "delivered" : refused ? "refused" : "failed";
        }
    }
}
