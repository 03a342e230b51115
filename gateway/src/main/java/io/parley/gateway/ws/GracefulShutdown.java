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
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
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
 * at every stop. So the {@code /ws} requests are remembered (weakly) and, once the drain is over, marked done.
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
    /** The /ws requests of this process, for Quarkus's in-flight count; weak: a closed connection's request goes. */
    private final Set<QuarkusRequestWrapper> upgrades = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

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

    /** Remembers each /ws request before the WebSocket endpoint upgrades it. */
    void trackUpgrades(@Observes Router router) {
        router.route("/ws").order(Integer.MIN_VALUE).handler(context -> {
            QuarkusRequestWrapper request = QuarkusRequestWrapper.get(context.request());
            if (request != null) {
                upgrades.add(request);
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
        releaseUpgrades();
        try {
            sessionEvents.get().instanceStopped().await().atMost(Duration.ofSeconds(3));
        } catch (RuntimeException e) {
            LOG.warnf("instance.stopped not published: %s", e.getMessage());
        }
    }

    /**
     * Marks the /ws requests done for Quarkus's graceful-shutdown count (QuarkusRequestWrapper.done(), which is package
     * private, hence reflection; it is idempotent, and a refused upgrade is done already). Should Quarkus change it,
     * shutdown only waits quarkus.shutdown.timeout again.
     */
    private void releaseUpgrades() {
        List<QuarkusRequestWrapper> requests;
        synchronized (upgrades) {
            requests = new ArrayList<>(upgrades);
            upgrades.clear();
        }
        try {
            Method done = QuarkusRequestWrapper.class.getDeclaredMethod("done");
            done.setAccessible(true);
            for (QuarkusRequestWrapper request : requests) {
                done.invoke(request);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("cannot mark %d upgraded requests done; shutdown waits quarkus.shutdown.timeout: %s",
                    requests.size(), e);
        }
    }
}
