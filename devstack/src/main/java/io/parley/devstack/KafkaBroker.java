package io.parley.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** A real single-node Kafka 4 broker in KRaft combined mode, run as a child JVM from the jars on our classpath. */
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
        this.dir = config.home().resolve("kafka");
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
            Process format = new ProcessBuilder(javaCommand(log4j, "kafka.tools.StorageTool", "format",
                    "-t", CLUSTER_ID, "-c", serverProperties.toString(), "--standalone", "--ignore-formatted"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
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
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
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
                    return;
                } catch (Exception notYet) {
                    TimeUnit.MILLISECONDS.sleep(250);
                }
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
        Files.writeString(file, String.join("\n",
                "# written by the Parley devstack on every start",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + config.kafkaPort() + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + config.kafkaPort(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
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
                "auto.create.topics.enable=false",
                ""));
        return file;
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
