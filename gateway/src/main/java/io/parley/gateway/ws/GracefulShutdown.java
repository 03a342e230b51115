package io.parley.gateway.ws;

import io.parley.gateway.config.GatewayConfig;
import io.parley.gateway.messaging.SessionEventPublisher;
import io.parley.gateway.service.SocketRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.ext.web.Router;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * On shutdown: stop accepting sockets, close the open ones with 1001 (clients reconnect elsewhere with jitter), wait
 * up to {@code parley.gateway.shutdown.drain} for them to go, then tell session-service that this instance stopped so
 * it ends its sessions at once.
 * <p>
 * It runs in Quarkus's pre-shutdown phase ({@link ShutdownDelayInitiatedEvent}, which {@code quarkus.shutdown.delay-enabled}
 * turns on), before the graceful-shutdown phase waits up to {@code quarkus.shutdown.timeout} for in-flight HTTP
 * requests: an upgraded {@code /ws} request stays in flight until its socket closes, so draining the sockets after
 * that wait (in the {@link ShutdownEvent}, which comes later) made every stop with a socket open last the whole
 * timeout. The {@link ShutdownEvent} observer remains as a fallback (a stop that skipped the pre-shutdown phase);
 * the drain runs once.
 * <p>
 * Quarkus never counts an upgraded request as done, even after its socket closed (its request-done handlers hang on
 * the HTTP response, which an upgrade leaves unended): a gateway that ever served a socket waited the whole timeout
 * at every stop. The sockets are this class's to drain, before Quarkus's wait, so each {@code /ws} request is marked
 * done for Quarkus as soon as it reaches the router. (It was once marked done when its connection closed: that held
 * the request wrapper, with Vert.x's request, response and header arrays, for the socket's lifetime, about 0.7 KB of
 * heap per socket. Before that, requests remembered only weakly were collected with their count still in flight.)
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    static final int CLOSE_GOING_AWAY = 1001;

    private final SocketRegistry registry;
    /** Looked up at shutdown: created early (the upgrade check needs this bean), it must not wire an emitter too soon. */
    private final Instance<SessionEventPublisher> sessionEvents;
    private final Duration drainTimeout;
    private volatile boolean accepting = true;
    private final AtomicBoolean drained = new AtomicBoolean();
    /** QuarkusRequestWrapper.done(), package private; null if this Quarkus has none (then stops wait the timeout). */
    private final Method done = doneMethod();

    public GracefulShutdown(SocketRegistry registry, Instance<SessionEventPublisher> sessionEvents, GatewayConfig config) {
        this.registry = registry;
        this.sessionEvents = sessionEvents;
        this.drainTimeout = config.shutdown().drain();
    }

    public boolean isAccepting() {
        return accepting;
    }

    /** The configured drain ({@code parley.gateway.shutdown.drain}): the most shutdown waits for closing sockets. */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** Marks each /ws request done for Quarkus's in-flight count before the WebSocket endpoint upgrades it. */
    void trackUpgrades(@Observes Router router) {
        router.route("/ws").order(Integer.MIN_VALUE).handler(context -> {
            QuarkusRequestWrapper request = QuarkusRequestWrapper.get(context.request());
            if (request != null) {
                markDone(request);
            }
            context.next();
        });
    }

    /** Pre-shutdown: before Quarkus waits for in-flight requests, of which each open socket is one. */
    void onShutdownInitiated(@Observes @Priority(1) ShutdownDelayInitiatedEvent event) {
        drainOnce();
    }

    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        drainOnce();
    }

    private void drainOnce() {
        if (!drained.get()) {
            drain(drainTimeout);
        }
    }

    /** Runs on the shutdown thread, never on an event loop, so it may wait for the closes. */
    public void drain(Duration timeout) {
        drained.set(true);
        accepting = false;
        var sockets = new ArrayList<>(registry.all());
        LOG.infof("shutting down: closing %d sockets with %d", sockets.size(), CLOSE_GOING_AWAY);
        sockets.forEach(socket -> socket.close(CLOSE_GOING_AWAY, "server shutting down"));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (registry.size() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            sessionEvents.get().instanceStopped().await().atMost(Duration.ofSeconds(3));
        } catch (RuntimeException e) {
            LOG.warnf("instance.stopped not published: %s", e.getMessage());
        }
    }

    /**
     * Marks a /ws request done for Quarkus's graceful-shutdown count (QuarkusRequestWrapper.done(): package private,
     * hence reflection; idempotent, so a refused upgrade whose response ends later is counted once). Should Quarkus
     * change it, shutdown only waits quarkus.shutdown.timeout again.
     */
    private void markDone(QuarkusRequestWrapper request) {
        if (done == null) {
            return;
        }
        try {
            done.invoke(request);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("cannot mark an upgraded request done; shutdown waits quarkus.shutdown.timeout: %s", e);
        }
    }

    private static Method doneMethod() {
        try {
            Method method = QuarkusRequestWrapper.class.getDeclaredMethod("done");
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("QuarkusRequestWrapper.done() not found; a stop after sockets waits quarkus.shutdown.timeout: %s", e);
            return null;
        }
    }
}
