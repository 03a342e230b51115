package io.parley.gateway.warmup;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.gateway.config.GatewayConfig;
import io.parley.gateway.service.TokenVerifier;
import io.parley.gateway.socket.SocketWarmUp;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

/**
 * Runs the gateway's hot code before the instance reports ready ({@link WarmUpReadiness}): token verification
 * ({@link TokenVerifier#warmUp}) and the socket path on loopback sockets ({@link SocketWarmUp}). A fresh JVM runs
 * that code interpreted, and its JIT compiles it while the first load waits: on a small machine the first
 * connection storm or fan-out after a start spent half the gateway's CPU in the compiler (docs/benchmarks.md). Done
 * here, that cost is paid before the load balancer sends anything.
 * <p>
 * The warm-up is an optimisation, never a condition: when it fails or runs past its timeout the instance is ready
 * without it (a warning says so). It runs on a thread of its own (it blocks), reaches no other service and leaves
 * nothing behind: no socket is registered, no record published, the loopback server is closed.
 */
@ApplicationScoped
public class StartupWarmUp {

    private static final Logger LOG = Logger.getLogger(StartupWarmUp.class);

    private final GatewayConfig.WarmUp config;
    private final TokenVerifier tokens;
    private final Vertx vertx;
    private volatile boolean done;
    private volatile long startedNs;
    private volatile double seconds;
    private volatile String outcome = "not started";

    public StartupWarmUp(GatewayConfig config, TokenVerifier tokens, Vertx vertx, MeterRegistry registry) {
        this.config = config.warmUp();
        this.tokens = tokens;
        this.vertx = vertx;
        Gauge.builder("parley.gateway.warm.up.seconds", this, w -> w.seconds)
                .description("How long the start-up warm-up ran (0 while it runs or when disabled)")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            outcome = "disabled";
            done = true;
            return;
        }
        startedNs = System.nanoTime();
        Thread thread = new Thread(this::run, "parley-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long deadlineNs = startedNs + config.timeout().toNanos();
        try {
            int verified = tokens.warmUp(config.tokens(), deadlineNs);
            SocketWarmUp.Result sockets = SocketWarmUp.run(vertx, config.sockets(), config.handshakes(),
                    config.rounds(), deadlineNs);
            outcome = "done";
            LOG.infof("start-up warm-up done in %.1f s: %d tokens verified, %d loopback handshakes, %d frames out, "
                    + "%d in", elapsedS(), verified, sockets.handshakes(), sockets.framesOut(), sockets.framesIn());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "interrupted";
        } catch (Exception e) {
            outcome = "stopped early";
            LOG.warnf("start-up warm-up stopped after %.1f s (%s): ready without it", elapsedS(), e.toString());
        } finally {
            seconds = elapsedS();
            done = true;
        }
    }

    private double elapsedS() {
        return (System.nanoTime() - startedNs) / (double) TimeUnit.SECONDS.toNanos(1);
    }

    /** True once the warm-up has finished, failed, or is disabled. */
    public boolean isDone() {
        return done || (startedNs != 0 && System.nanoTime() - startedNs > config.timeout().toNanos());
    }

    /** done, disabled, stopped early, interrupted, past its timeout, running or not started. */
    public String outcome() {
        if (done || startedNs == 0) {
            return outcome;
        }
        return isDone() ? "past its timeout" : "running";
    }
}
