package io.parley.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One Parley service run from its packaged {@code quarkus-app} as a child process, with its log under PARLEY_HOME. */
public final class ServiceProcess implements AutoCloseable {

    /**
     * The five services of ARCHITECTURE.md: module, HTTP port (the API), management port ({@code /q/health/*} and
     * {@code /q/metrics}, {@code quarkus.management.port}) and database.
     */
    public record Service(String module, int port, int managementPort, Optional<String> database) {
    }

    /**
     * The JVM options of chat-, session-, media- and auth-service when {@code PARLEY_JAVA_OPTS} is unset: C1 only
     * ({@code TieredStopAtLevel=1}). On a small machine that runs all five services and Kafka, C2 compiling in six
     * JVMs at once took most of the CPU of the first minutes under load, and a stack that had just become ready
     * answered a quarter of its commands {@code UNAVAILABLE} (docs/benchmarks.md, "JIT settings"); C1 compiles about
     * ten times cheaper, for somewhat slower code once fully warm.
     */
    public static final String DEFAULT_JAVA_OPTS = "-Xmx512m -XX:TieredStopAtLevel=1";
    /**
     * The gateway's when {@code PARLEY_JAVA_OPTS} is unset: tiered, C2 included. Fan-out is CPU-bound in the gateway
     * alone, and its C1 code carried 100k deliveries/s less steadily than C2's once warm.
     */
    public static final String GATEWAY_JAVA_OPTS = "-Xmx512m";

    /** {@code PARLEY_JAVA_OPTS} split on white space, or the module's default when it is unset or blank. */
    public static List<String> javaOptions(Map<String, String> environment, String module) {
        String options = environment.getOrDefault("PARLEY_JAVA_OPTS", "");
        if (options.isBlank()) {
            options = module.equals("gateway") ? GATEWAY_JAVA_OPTS : DEFAULT_JAVA_OPTS;
        }
        return List.of(options.trim().split("\\s+"));
    }

    /**
     * The class-data sharing archive {@code ./mvnw package} builds beside the service
     * ({@code quarkus.package.jar.appcds.enabled}: {@code target/quarkus-app/app-cds.jsa}, the classes the service
     * loads while it starts, parsed and verified once at build time), as JVM options: none when there is no archive
     * or when {@code options} already choose class-data sharing themselves ({@code -Xshare:off} runs without).
     * {@code -Xshare:auto}: an archive the JVM cannot use (another JDK build, a jar rebuilt since) is skipped with a
     * warning in the service's log, never a failed start.
     */
    public static List<String> classDataSharing(Path quarkusApp, List<String> options) {
        Path archive = quarkusApp.resolve("app-cds.jsa");
        boolean chosen = options.stream()
                .anyMatch(o -> o.startsWith("-Xshare") || o.startsWith("-XX:SharedArchiveFile"));
        if (chosen || !Files.isRegularFile(archive)) {
            return List.of();
        }
        return List.of("-XX:SharedArchiveFile=" + archive.toAbsolutePath(), "-Xshare:auto");
    }

    public static final List<Service> SERVICES = List.of(
            new Service("auth-service", 8081, 9081, Optional.of("auth")),
            new Service("chat-service", 8082, 9082, Optional.of("chat")),
            new Service("session-service", 8083, 9083, Optional.of("sessions")),
            new Service("media-service", 8084, 9084, Optional.of("media")),
            new Service("gateway", 8080, 9080, Optional.empty()));

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final Process process;
    private final Path pidFile;

    private ServiceProcess(String name, int port, int managementPort, Path log, Process process, Path pidFile) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
        this.pidFile = pidFile;
    }

    /**
     * Starts {@code <root>/<module>/target/quarkus-app/quarkus-run.jar} wired to the devstack, its management
     * interface on a free port (see {@link #managementPort()}), so that several instances run side by side.
     *
     * @param name  the process name, used for the log and pid files (e.g. {@code gateway-2})
     * @param extra environment on top of the devstack wiring (e.g. another port)
     */
    public static ServiceProcess start(DevstackConfig config, Service service, String name, int port,
            Map<String, String> extra) throws IOException {
        return start(config, service, name, port, Ports.free(), extra);
    }

    /**
     * Starts {@code <root>/<module>/target/quarkus-app/quarkus-run.jar} wired to the devstack.
     *
     * @param name           the process name, used for the log and pid files (e.g. {@code gateway-2})
     * @param port           the API's port ({@code QUARKUS_HTTP_PORT})
     * @param managementPort health and metrics ({@code QUARKUS_MANAGEMENT_PORT})
     * @param extra          environment on top of the devstack wiring
     */
    public static ServiceProcess start(DevstackConfig config, Service service, String name, int port,
            int managementPort, Map<String, String> extra) throws IOException {
        // absolute: the service runs in quarkus-app (below)
        Path jar = config.root().resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar")
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw package -DskipTests");
        }
        Path run = config.home().resolve("run");
        Files.createDirectories(run);
        Files.createDirectories(config.logs());
        Path pidFile = run.resolve(name + ".pid");
        Processes.stopOrphan(pidFile, jar.toString());
        Ports.requireFree(port, "the service's QUARKUS_HTTP_PORT", name);
        Ports.requireFree(managementPort, "the service's QUARKUS_MANAGEMENT_PORT", name);
        Path log = config.logs().resolve(name + ".log");

        List<String> command = new ArrayList<>(List.of(Processes.javaExecutable()));
        List<String> options = javaOptions(System.getenv(), service.module());
        command.addAll(options);
        command.addAll(classDataSharing(jar.getParent(), options));
        command.addAll(List.of("-jar", jar.toString()));
        // in quarkus-app: the class-data sharing archive names the jar as quarkus-run.jar, relative to where it was
        // dumped, and the JVM skips an archive whose class path it cannot find from its working directory
        ProcessBuilder builder = new ProcessBuilder(Processes.ownSession(command))
                .directory(jar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the launcher's environment passes through (e.g. PARLEY_KAFKA_PREFIX, which KafkaAcls grants under too)
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("KAFKA_BOOTSTRAP_SERVERS", config.kafkaBootstrap());
        env.put("PARLEY_HOME", config.home().toString());
        service.database().ifPresent(db -> {
            env.putIfAbsent("QUARKUS_DATASOURCE_REACTIVE_URL", config.reactiveUrl(db));
            env.putIfAbsent("QUARKUS_DATASOURCE_JDBC_URL", config.jdbcUrl(db));
            env.putIfAbsent("QUARKUS_DATASOURCE_USERNAME", config.pgUser());
            env.putIfAbsent("QUARKUS_DATASOURCE_PASSWORD", config.pgPassword());
        });
        wiring(config, service).forEach((property, value) -> env.put(environmentName(property), value));
        env.putAll(extra);
        Process process = builder.start();
        Files.writeString(pidFile, Long.toString(process.pid()));
        return new ServiceProcess(name, port, managementPort, log, process, pidFile);
    }

    /**
     * What a service of this devstack needs beyond the bootstrap and the database URL, as Quarkus properties: its
     * Kafka and PostgreSQL logins and TLS settings in secure mode, its {@code /internal/*} credential and
     * auth-service's key-encryption key.
     */
    public static Map<String, String> wiring(DevstackConfig config, Service service) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.putAll(KafkaSecurity.serviceProperties(config, service));
        properties.putAll(PostgresSecurity.serviceProperties(config, service));
        properties.putAll(InternalCredentials.serviceProperties(config, service));
        properties.putAll(SigningKeyEncryption.serviceProperties(config, service));
        return properties;
    }

    /** A property's environment variable as MicroProfile Config maps it: {@code kafka.sasl.jaas.config} is
     * {@code KAFKA_SASL_JAAS_CONFIG}. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** Where {@code /q/health/*} and {@code /q/metrics} are served (the management interface). */
    public int managementPort() {
        return managementPort;
    }

    /** {@code http://127.0.0.1:<management port>} + path, e.g. {@code /q/metrics}. */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    public Process process() {
        return process;
    }

    public Path log() {
        return log;
    }

    /**
     * Polls {@code /q/health/ready} on the management port until it answers 200; fails with the log's tail if the
     * process dies.
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        URI ready = managementUri("/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; last lines of "
                        + log + ":\n" + Processes.tail(log, 25));
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(ready)
                        .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(300);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; last lines of "
                + log + ":\n" + Processes.tail(log, 25));
    }

    /** SIGKILL, as a crash would; the pid file stays so nothing treats it as a clean stop. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        Processes.stop(process, Duration.ofSeconds(20));
        Files.deleteIfExists(pidFile);
    }
}
