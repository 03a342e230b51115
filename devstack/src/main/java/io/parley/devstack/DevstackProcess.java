package io.parley.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A devstack ({@code Devstack infra}) started on demand by a test JVM and ended with it; reuses servers that are
 * already listening (a running {@code ./parley up} or {@code ./parley infra}).
 */
public final class DevstackProcess {

    private static Process spawned;

    private DevstackProcess() {
    }

    /** Makes sure the embedded servers this run needs are listening, starting a devstack when they are not. */
    public static synchronized void ensureRunning(DevstackConfig config, boolean kafka, boolean pg) {
        awaitNotStopping(config);
        boolean kafkaUp = !kafka || Ports.listening("127.0.0.1", config.kafkaPort());
        boolean pgUp = !pg || Ports.listening("127.0.0.1", config.pgPort());
        if (kafkaUp && pgUp) {
            return;
        }
        if (spawned != null && spawned.isAlive()) {
            throw new IllegalStateException("the devstack started by this test run stopped listening");
        }
        try {
            spawned = spawn(config, Map.of());
        } catch (IOException e) {
            throw new IllegalStateException("could not start the devstack: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the devstack", e);
        }
    }

    /**
     * A devstack of this PARLEY_HOME that is starting or stopping (alive, but without its ready marker) must not be
     * mistaken for one to reuse: the one a previous test JVM started may still be shutting down, its ports still
     * open. Waits until it is ready or gone (and its ports are free).
     */
    private static void awaitNotStopping(DevstackConfig config) {
        Path home = config.home();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        boolean sawStopping = false;
        while (System.nanoTime() < deadline) {
            var devstack = Processes.readPid(home.resolve("devstack.pid")).flatMap(ProcessHandle::of)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(Devstack.class.getName())).orElse(false));
            if (devstack.isPresent() && Files.exists(home.resolve(Devstack.READY_MARKER))) {
                return;
            }
            if (devstack.isEmpty()) {
                if (sawStopping) {
                    Ports.awaitFree(config.kafkaPort(), Duration.ofSeconds(30));
                    Ports.awaitFree(config.pgPort(), Duration.ofSeconds(30));
                }
                return;
            }
            sawStopping = true;
            try {
                devstack.get().onExit().get(1, TimeUnit.SECONDS);
            } catch (Exception stillThere) {
                // starting or stopping: look again
            }
        }
    }

    /**
     * Starts {@code Devstack infra} as a child of this JVM and waits until it is ready.
     *
     * @param environment variables set for the child on top of this JVM's (null removes one)
     */
    static Process spawn(DevstackConfig config, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path log = config.logs().resolve("devstack-test.log");
        Files.createDirectories(config.logs());
        ProcessBuilder builder = new ProcessBuilder(Processes.javaExecutable(), "-Xmx256m", "-cp",
                devstackClasspath(config), Devstack.class.getName(), "infra", "--parent-pid",
                Long.toString(ProcessHandle.current().pid()))
                .directory(config.root().toFile())
                .redirectErrorStream(true);
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Processes.stop(process,
                Duration.ofSeconds(40))));
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.println(line);
                    out.flush();
                    if (line.contains(Devstack.READY)) {
                        ready.complete(true);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.complete(false);
        }, "devstack-output");
        pump.setDaemon(true);
        pump.start();
        try {
            if (ready.get(180, TimeUnit.SECONDS)) {
                return process;
            }
        } catch (Exception timeout) {
            // reported below
        }
        Processes.stop(process, Duration.ofSeconds(10));
        throw new IllegalStateException("the devstack did not start; last lines of " + log + ":\n"
                + Processes.tail(log, 30));
    }

    /** The devstack's own jar or classes plus the runtime jars the devstack module copied to target/lib. */
    static String devstackClasspath(DevstackConfig config) throws IOException {
        Path target = config.root().resolve("devstack/target");
        Path lib = target.resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(lib + " is missing: build the devstack with ./mvnw package -pl devstack");
        }
        Path own = Files.isRegularFile(target.resolve("parley-devstack.jar"))
                ? target.resolve("parley-devstack.jar") : target.resolve("classes");
        try (Stream<Path> jars = Files.list(lib)) {
            List<String> entries = jars.map(Path::toString).sorted().collect(Collectors.toList());
            entries.add(0, own.toString());
            return String.join(java.io.File.pathSeparator, entries);
        }
    }

}
