package io.parley.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Kafka and PostgreSQL of their own, for a test that crashes or freezes the broker without disturbing the shared
 * devstack: its own PARLEY_HOME and ports. PostgreSQL runs in a {@code Devstack infra} child JVM told to leave Kafka
 * alone; the Kafka broker is a child JVM of the caller, which can SIGKILL it, SIGSTOP/SIGCONT it and start it again on
 * the same ports and data. Both end with the caller's JVM at the latest.
 */
public final class IsolatedDevstack implements AutoCloseable {

    /** Ports others use: the shared devstack's defaults and the private ones docs/guarantees.md suggests. */
    private static final Set<Integer> TAKEN = Set.of(9092, 9093, 15432, 19092, 19093, 25432);

    private final DevstackConfig config;
    private final Process devstack;
    private final KafkaBroker kafka;
    private boolean frozen;

    private IsolatedDevstack(DevstackConfig config, Process devstack, KafkaBroker kafka) {
        this.config = config;
        this.devstack = devstack;
        this.kafka = kafka;
    }

    /**
     * A configuration under {@code home} with three free ports below the ephemeral range (so no client connection
     * takes them while the broker is down), never the shared devstack's.
     */
    public static DevstackConfig configFor(Path root, Path home) throws IOException {
        Set<Integer> chosen = new HashSet<>();
        int kafkaPort = freePort(chosen);
        int controllerPort = freePort(chosen);
        int pgPort = freePort(chosen);
        return new DevstackConfig(root, home.toAbsolutePath(), kafkaPort, controllerPort, pgPort, Optional.empty(),
                Optional.empty(), "postgres", "postgres", false);
    }

    /** Starts PostgreSQL (with the four databases) and the Kafka broker of {@code config}; waits until both are up. */
    public static IsolatedDevstack start(DevstackConfig config) throws IOException, InterruptedException {
        if (config.externalKafka().isPresent() || config.externalPg().isPresent()) {
            throw new IllegalArgumentException("an isolated devstack runs its own Kafka and PostgreSQL");
        }
        Map<String, String> environment = new HashMap<>();
        environment.put("PARLEY_HOME", config.home().toString());
        environment.put("PARLEY_PG_PORT", Integer.toString(config.pgPort()));
        environment.put("PARLEY_KAFKA_PORT", Integer.toString(config.kafkaPort()));
        environment.put("PARLEY_KAFKA_CONTROLLER_PORT", Integer.toString(config.controllerPort()));
        // the child treats this broker as external, i.e. starts only PostgreSQL; this JVM runs the broker
        environment.put("KAFKA_BOOTSTRAP_SERVERS", config.kafkaBootstrap());
        environment.put("PARLEY_PG_URL", null);
        // the child's PostgreSQL in the mode of this config, not of the caller's environment
        environment.put("PARLEY_SECURE", Boolean.toString(config.secure()));
        if (config.secure()) {
            // once, before the broker here and PostgreSQL in the child would each generate it at the same time
            DevstackTls.ensure(config);
        }
        KafkaBroker kafka = new KafkaBroker(config, DevstackProcess.devstackClasspath(config));
        // both at once: each takes a while to come up
        CompletableFuture<Void> kafkaUp = CompletableFuture.runAsync(() -> {
            try {
                kafka.start(Duration.ofSeconds(90));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the Kafka broker", e);
            }
        }, runnable -> new Thread(runnable, "isolated-kafka-start").start());
        Process devstack = null;
        try {
            devstack = DevstackProcess.spawn(config, environment);
            kafkaUp.join();
        } catch (IOException | RuntimeException e) {
            kafkaUp.exceptionally(ignored -> null).join();
            kafka.close();
            if (devstack != null) {
                Processes.stop(devstack, Duration.ofSeconds(30));
            }
            if (e instanceof CompletionException && e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
        return new IsolatedDevstack(config, devstack, kafka);
    }

    public DevstackConfig config() {
        return config;
    }

    /** Whether the broker JVM is alive (it may be frozen). */
    public boolean kafkaRunning() {
        return kafka.running();
    }

    /** SIGKILL the broker, as a crash would; {@link #restartKafka()} brings it back. */
    public synchronized void crashKafka() throws InterruptedException {
        kafka.kill();
        frozen = false;
    }

    /** Starts the broker again on the same ports and data directory, and waits until it answers. */
    public synchronized void restartKafka() throws IOException, InterruptedException {
        kafka.start(Duration.ofSeconds(90));
    }

    /** SIGSTOP the broker: its sockets stay open, nothing is answered until {@link #thawKafka()}. */
    public synchronized void freezeKafka() throws IOException, InterruptedException {
        kafka.signal("STOP");
        frozen = true;
    }

    /** SIGCONT a frozen broker. */
    public synchronized void thawKafka() throws IOException, InterruptedException {
        kafka.signal("CONT");
        frozen = false;
    }

    @Override
    public synchronized void close() {
        if (frozen) {
            try {
                thawKafka();
            } catch (Exception e) {
                // the stop below ends with SIGKILL anyway
            }
        }
        kafka.close();
        Processes.stop(devstack, Duration.ofSeconds(40));
    }

    private static int freePort(Set<Integer> chosen) throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20000 + random.nextInt(12000);
            if (TAKEN.contains(port) || chosen.contains(port) || Ports.listening("127.0.0.1", port)) {
                continue;
            }
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                chosen.add(port);
                return port;
            } catch (IOException inUse) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }
}
