package io.parley.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real single-node Kafka 4 broker in KRaft combined mode, run as a child JVM from the jars on our classpath. Open
 * mode: one PLAINTEXT listener, no authorizer, data in {@code <PARLEY_HOME>/kafka}. Secure mode
 * ({@link DevstackConfig#secure()}): a SASL_SSL listener (SCRAM-SHA-512, {@link KafkaCredentials}), the KRaft
 * {@code StandardAuthorizer} with nothing allowed that {@link KafkaAcls} does not grant, and a data directory of its
 * own, {@code <PARLEY_HOME>/kafka-secure} (the logins are bootstrapped when the storage is formatted, so a directory
 * formatted in open mode cannot serve).
 */
final class KafkaBroker implements AutoCloseable {

    private static final String CLUSTER_ID = "UGFybGV5RGV2c3RhY2swMQ";

    private final DevstackConfig config;
    private final Path dir;
    private final String classpath;
    private Process process;

    KafkaBroker(DevstackConfig config) {
        this(config, System.getProperty("java.class.path"));
    }

    /** @param classpath the broker JVM's class path: Kafka, log4j and {@link KafkaServerMain} */
    KafkaBroker(DevstackConfig config, String classpath) {
        this.config = config;
        this.dir = config.secure() ? KafkaCredentials.directory(config) : config.home().resolve("kafka");
        this.classpath = classpath;
    }

    void start(Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.createDirectories(config.logs());
        Processes.stopOrphan(dir.resolve("broker.pid"), "KafkaServerMain");
        Ports.requireFree(config.kafkaPort(), "PARLEY_KAFKA_PORT", "Kafka broker");
        Ports.requireFree(config.controllerPort(), "PARLEY_KAFKA_CONTROLLER_PORT", "Kafka controller");
        Path serverProperties = writeServerProperties();
        Path log4j = writeLog4jConfig();
        Path log = config.logs().resolve("kafka.log");

        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(List.of("format", "-t", CLUSTER_ID, "-c",
                    serverProperties.toString(), "--standalone", "--ignore-formatted"));
            if (config.secure()) {
                // SCRAM logins must exist before the broker needs them: bootstrapped into the metadata log
                format.addAll(KafkaCredentials.ensure(config).formatArguments());
            }
            Process formatting = new ProcessBuilder(javaCommand(log4j, "kafka.tools.StorageTool",
                    format.toArray(String[]::new)))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!formatting.waitFor(60, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
                formatting.destroyForcibly();
                throw new IllegalStateException("formatting the Kafka storage failed; see " + log);
            }
        }
        process = new ProcessBuilder(Processes.ownSession(javaCommand(log4j, KafkaServerMain.class.getName(),
                Long.toString(ProcessHandle.current().pid()), serverProperties.toString())))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Files.writeString(dir.resolve("broker.pid"), Long.toString(process.pid()));
        awaitReady(timeout, log);
    }

    private void awaitReady(Duration timeout, Path log) throws InterruptedException {
        Properties props = new Properties();
        // in secure mode as the devstack's super user, which then sets the ACL table
        props.putAll(KafkaSecurity.adminProperties(config));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited with code " + process.exitValue()
                            + "; see " + log);
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AuthenticationException refused) {
                        throw new IllegalStateException("the Kafka broker refused the devstack's own login ("
                                + refused.getMessage() + "); see " + log, refused);
                    }
                    TimeUnit.MILLISECONDS.sleep(250);
                    continue;
                } catch (TimeoutException notYet) {
                    TimeUnit.MILLISECONDS.sleep(250);
                    continue;
                }
                if (config.secure()) {
                    KafkaAcls.apply(admin, Duration.ofSeconds(30));
                }
                return;
            }
        }
        throw new IllegalStateException("the Kafka broker did not become ready within " + timeout.toSeconds()
                + " s; see " + log);
    }

    private List<String> javaCommand(Path log4j, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Processes.javaExecutable(), "-Xms128m", "-Xmx512m",
                "-XX:+UseG1GC", "-Dlog4j2.configurationFile=" + log4j.toUri(),
                "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private Path writeServerProperties() throws IOException {
        Path file = dir.resolve("server.properties");
        String controller = "127.0.0.1:" + config.controllerPort();
        List<String> lines = new ArrayList<>(List.of(
                "# written by the Parley devstack on every start",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + controller,
                "controller.listener.names=CONTROLLER",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=6",
                // a single node: without these, consumer groups and transactions silently get nothing
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "min.insync.replicas=1",
                "group.initial.rebalance.delay.ms=0",
                // one node: a controlled shutdown has no leadership to move, and waited for the next broker heartbeat
                // to the controller (broker.heartbeat.interval.ms, 2 s) before the logs were closed (cleanly either way)
                "controlled.shutdown.enable=false",
                "auto.create.topics.enable=false"));
        if (config.secure()) {
            lines.addAll(secureListeners(controller));
        } else {
            lines.addAll(List.of(
                    "listeners=PLAINTEXT://127.0.0.1:" + config.kafkaPort() + ",CONTROLLER://" + controller,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + config.kafkaPort(),
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"));
        }
        lines.add("");
        // secure mode: it holds the admin's password and the key store's
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, String.join("\n", lines));
        return file;
    }

    /**
     * The client listener SASL_SSL with SCRAM-SHA-512 only (the broker logs in to itself as {@code parley-admin}); the
     * KRaft controller listener on loopback over TLS with client certificates required: only a holder of the
     * devstack's server key (the broker itself, principal {@code CN=localhost}) can speak to the controller, so no
     * local process can bypass the ACLs through it.
     */
    private List<String> secureListeners(String controller) {
        DevstackTls tls = DevstackTls.ensure(config);
        KafkaCredentials credentials = KafkaCredentials.ensure(config);
        String client = "SASL_SSL://127.0.0.1:" + config.kafkaPort();
        return List.of(
                "listeners=" + client + ",CONTROLLER://" + controller,
                "advertised.listeners=" + client,
                "inter.broker.listener.name=SASL_SSL",
                "listener.security.protocol.map=CONTROLLER:SSL,SASL_SSL:SASL_SSL",
                "sasl.enabled.mechanisms=" + KafkaCredentials.MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + KafkaCredentials.MECHANISM,
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
                        + credentials.jaasConfig(KafkaCredentials.ADMIN),
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + tls.serverKeyStore(),
                "ssl.keystore.password=" + tls.storePassword(),
                "ssl.key.password=" + tls.storePassword(),
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.location=" + tls.trustStore(),
                "ssl.truststore.password=" + tls.storePassword(),
                "listener.name.controller.ssl.client.auth=required",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                "super.users=User:" + KafkaCredentials.ADMIN + ";User:CN=localhost");
    }

    private Path writeLog4jConfig() throws IOException {
        Path file = dir.resolve("log4j2.properties");
        Files.writeString(file, String.join("\n",
                "status = warn",
                "appender.console.type = Console",
                "appender.console.name = STDOUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.stdout.ref = STDOUT",
                "logger.kafka.name = kafka",
                "logger.kafka.level = warn",
                "logger.apache.name = org.apache.kafka",
                "logger.apache.level = warn",
                ""));
        return file;
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, as a crash would: no controlled shutdown, the data directory left as it was. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the Kafka broker (pid " + process.pid() + ") survived SIGKILL");
        }
    }

    /** Sends a signal such as {@code STOP} or {@code CONT} to the broker JVM (Java has no API for these). */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: "
                    + new String(kill.getInputStream().readAllBytes()));
        }
    }

    @Override
    public void close() {
        if (process != null) {
            Processes.stop(process, Duration.ofSeconds(30));
            try {
                Files.deleteIfExists(dir.resolve("broker.pid"));
            } catch (IOException ignored) {
                // the pid file is only a hint for orphan detection
            }
        }
    }
}
