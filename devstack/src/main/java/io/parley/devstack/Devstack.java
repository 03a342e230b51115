package io.parley.devstack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local launcher behind {@code ./parley}: {@code infra} runs Kafka and PostgreSQL, {@code up} runs them and the
 * five services. It stays in the foreground; SIGINT/SIGTERM (or the death of {@code --parent-pid}) stops everything
 * it started, services first.
 */
public final class Devstack {

    /** Printed once everything is ready; the test resource waits for this line. */
    public static final String READY = "Parley devstack ready";
    /** File under PARLEY_HOME that exists while this devstack is ready and not stopping. */
    static final String READY_MARKER = "devstack.ready";

    /**
     * For a stop in a few seconds: on shutdown each SmallRye Kafka consumer with partitions first waits twice its
     * poll-timeout (graceful-shutdown: records in flight may finish, their offsets are committed), one consumer after
     * another; with the default 1000 ms that was 3 s per consumer, 8-13 s for session-service and chat-service. 100 ms
     * keeps the graceful shutdown and makes it 0.2 s each (250 ms: 0.5 s, about 0.8 s per consumer seen on a loaded
     * machine with the close); a poll returns as soon as records arrive, so delivery is not slower, and an idle
     * consumer polls 10 times a second. A value in the launcher's own environment wins.
     */
    static final Map<String, String> QUICK_STOP = quickStop(System.getenv());

    static Map<String, String> quickStop(Map<String, String> launcherEnvironment) {
        String pollTimeout = "MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_POLL_TIMEOUT";
        return launcherEnvironment.containsKey(pollTimeout) ? Map.of() : Map.of(pollTimeout, "100");
    }

    private final DevstackConfig config;
    private final List<AutoCloseable> started = new ArrayList<>();
    private volatile boolean stopping;

    private Devstack(DevstackConfig config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "up";
        long parentPid = -1;
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals("--parent-pid")) {
                parentPid = Long.parseLong(args[i + 1]);
            }
        }
        DevstackConfig config = DevstackConfig.fromEnvironment(DevstackConfig.findRoot(Path.of("")));
        Files.createDirectories(config.home());
        try (FileChannel lockChannel = FileChannel.open(config.home().resolve("devstack.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockChannel.tryLock()) {
            if (lock == null) {
                String pid = Processes.readPid(config.home().resolve("devstack.pid")).map(String::valueOf).orElse("?");
                System.err.println("Parley is already running from " + config.home() + " (pid " + pid + "). "
                        + "Stop it with Ctrl-C in its terminal or `kill " + pid + "`, or set PARLEY_HOME and the "
                        + "PARLEY_*_PORT variables to run a second one.");
                System.exit(2);
            }
            Files.writeString(config.home().resolve("devstack.pid"), Long.toString(ProcessHandle.current().pid()));
            new Devstack(config).run(command, parentPid);
        }
    }

    private void run(String command, long parentPid) throws Exception {
        if (!command.equals("infra") && !command.equals("up")) {
            System.err.println("usage: Devstack infra|up [--parent-pid PID]");
            System.exit(64);
        }
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            stopAll();
        }, "parley-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (parentPid > 0) {
            ProcessHandle.of(parentPid).ifPresentOrElse(
                    parent -> parent.onExit().thenRun(() -> System.exit(0)),
                    () -> System.exit(0));
        }
        try {
            stopOrphanedServices();
            startInfrastructure();
            if (command.equals("up")) {
                startServices();
            }
        } catch (IllegalStateException e) {
            System.err.println("\nParley could not start: " + e.getMessage());
            System.exit(1);
        }
        // the marker tells a test JVM that this devstack may be reused: present only between ready and stopping
        Files.writeString(config.home().resolve(READY_MARKER), Long.toString(ProcessHandle.current().pid()));
        System.out.println(READY);
        System.out.flush();
        stop.await();
    }

    /** Services left running by a launcher that was killed hold database connections: stop them before the rest. */
    private void stopOrphanedServices() throws IOException {
        Path run = config.home().resolve("run");
        if (!Files.isDirectory(run)) {
            return;
        }
        try (var pidFiles = Files.list(run)) {
            for (Path pidFile : pidFiles.filter(p -> p.toString().endsWith(".pid")).toList()) {
                Processes.stopOrphan(pidFile, "quarkus-run.jar");
            }
        }
    }

    private void startInfrastructure() throws IOException, InterruptedException {
        if (config.externalKafka().isEmpty()) {
            System.out.println("Starting Kafka on 127.0.0.1:" + config.kafkaPort() + " ...");
            KafkaBroker kafka = new KafkaBroker(config);
            started.add(kafka);
            kafka.start(Duration.ofSeconds(90));
        } else {
            System.out.println("Using the external Kafka at " + config.externalKafka().get());
        }
        System.out.println(config.externalPg().isEmpty()
                ? "Starting PostgreSQL on 127.0.0.1:" + config.pgPort() + " ..."
                : "Using the external PostgreSQL at " + config.externalPg().get());
        Postgres postgres = new Postgres(config);
        started.add(postgres);
        postgres.start();
        System.out.println("  Kafka       " + config.kafkaBootstrap() + (config.secure() && config.externalKafka().isEmpty()
                ? " (SASL_SSL, SCRAM-SHA-512; logins in " + KafkaCredentials.directory(config).resolve(
                        "credentials.properties") + ", CA " + DevstackTls.ensure(config).caCertificate() + ")" : ""));
        System.out.println("  PostgreSQL  " + config.pgHostPort() + " (databases " + DevstackConfig.DATABASES + ")");
    }

    private void startServices() throws IOException, InterruptedException {
        List<ServiceProcess> services = new ArrayList<>();
        for (ServiceProcess.Service service : ServiceProcess.SERVICES) {
            System.out.println("Starting " + service.module() + " on port " + service.port() + " (management "
                    + service.managementPort() + ") ...");
            ServiceProcess process = ServiceProcess.start(config, service, service.module(), service.port(),
                    service.managementPort(), QUICK_STOP);
            services.add(process);
            started.add(process);
        }
        for (ServiceProcess service : services) {
            service.awaitReady(Duration.ofSeconds(180));
        }
        System.out.println();
        System.out.println("Parley is up:");
        for (ServiceProcess service : services) {
            System.out.printf("  %-16s http://localhost:%d  (health and metrics: http://localhost:%d/q/health/ready,"
                    + " /q/metrics; log: %s)%n", service.name(), service.port(), service.managementPort(),
                    config.root().relativize(service.log()));
        }
        System.out.println("  clients use     http://localhost:8080/api/...  and  ws://localhost:8080/ws");
        System.out.println("Ctrl-C stops everything.");
        for (ServiceProcess service : services) {
            service.process().onExit().thenRun(() -> {
                if (stopping) {
                    return;
                }
                System.err.println(service.name() + " exited with code " + service.process().exitValue()
                        + "; see " + service.log() + ". Stopping Parley.");
                System.exit(1);
            });
        }
    }

    private synchronized void stopAll() {
        stopping = true;
        try {
            Files.deleteIfExists(config.home().resolve(READY_MARKER));
        } catch (IOException e) {
            System.err.println("cannot remove " + READY_MARKER + ": " + e.getMessage());
        }
        // The gateway closes its sockets 1001 and announces instance.stopped, which session-service, still running,
        // handles at once (stopped together, session-service held the message in flight and waited 5 s for it): so
        // session-service stops once the gateway is gone. auth-, chat- and media-service stop meanwhile, in parallel
        // with both (one by one, the services' stops, 1-13 s each on a loaded machine, added up to most of a 24-35 s
        // stop). Kafka and PostgreSQL stop last, together, once no service uses them. Each stop is a SIGTERM and
        // waits for the process: the services' graceful shutdowns (Kafka commits, the gateway's drain) still run.
        List<AutoCloseable> gateway = services("gateway");
        List<AutoCloseable> session = services("session-service");
        List<AutoCloseable> others = started.stream().filter(c -> c instanceof ServiceProcess
                && !gateway.contains(c) && !session.contains(c)).toList();
        List<AutoCloseable> infrastructure = started.stream().filter(c -> !(c instanceof ServiceProcess)).toList();
        long begin = System.nanoTime();
        Thread gatewayThenSession = new Thread(() -> {
            closeTogether(gateway);
            closeTogether(session);
        }, "parley-stop-gateway-session");
        gatewayThenSession.start();
        closeTogether(others);
        try {
            gatewayThenSession.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long services = System.nanoTime();
        closeTogether(infrastructure);
        started.clear();
        System.out.printf("Stopped: services in %.1f s, Kafka and PostgreSQL in %.1f s%n",
                (services - begin) / 1e9, (System.nanoTime() - services) / 1e9);
        System.out.flush();
    }

    private List<AutoCloseable> services(String name) {
        return started.stream().filter(c -> c instanceof ServiceProcess s && s.name().equals(name)).toList();
    }

    /** SIGTERM to each at once (each close waits for its own process), and back when all are gone. */
    private static void closeTogether(List<AutoCloseable> group) {
        List<Thread> stoppers = new ArrayList<>();
        for (AutoCloseable closeable : group) {
            Thread stopper = new Thread(() -> {
                long begin = System.nanoTime();
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e.getMessage());
                }
                String name = closeable instanceof ServiceProcess s ? s.name() : closeable.getClass().getSimpleName();
                System.out.printf("  %s stopped in %.1f s%n", name, (System.nanoTime() - begin) / 1e9);
            }, "parley-stop");
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
