package io.parley.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The processes of the Parley a run measures, under the names of {@code cpuByProcess}: gateway, auth, chat, session,
 * media (each a {@code <module>/target/quarkus-app/quarkus-run.jar}), kafka (the devstack's KafkaServerMain),
 * postgres (the postmaster; its backends are its children) and bench (this JVM and its connect clients).
 *
 * <p>Found from the pid files of the gateway's PARLEY_HOME (read from its environment; the bench's own PARLEY_HOME
 * when the gateway's pid is unknown): {@code run/<name>.pid} of the devstack's {@code ServiceProcess}es (names such
 * as {@code chat-service}, {@code bench-chat-service}, {@code st-gateway-a}; only those of the gateway's stack, by
 * the prefix of its pid file), {@code kafka[-secure]/broker.pid} and {@code postgres[-secure]/postmaster.pid}. Each is
 * checked against the live process (its command line, and for Kafka and PostgreSQL the port the gateway and
 * chat-service use); what cannot be found for sure is left out with a note, never guessed.
 */
final class StackProcesses {

    /** How a process's CPU is read: alone, with its children (PostgreSQL), or with its connect clients (bench). */
    enum Kind { PROCESS, POSTGRES, BENCH }

    record Member(String name, Kind kind, List<Long> pids) {
    }

    /** Modules by the name they have in {@code cpuByProcess}. */
    static final Map<String, String> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("gateway", "gateway");
        SERVICES.put("auth", "auth-service");
        SERVICES.put("chat", "chat-service");
        SERVICES.put("session", "session-service");
        SERVICES.put("media", "media-service");
    }

    private final List<Member> members;
    private final List<String> notes;
    private final Optional<String> kafkaBootstrap;
    private final OptionalInt pgPort;
    private final boolean pgSecure;
    private final boolean kafkaSecure;

    private StackProcesses(List<Member> members, List<String> notes, Optional<String> kafkaBootstrap,
            OptionalInt pgPort, boolean pgSecure, boolean kafkaSecure) {
        this.members = members;
        this.notes = notes;
        this.kafkaBootstrap = kafkaBootstrap;
        this.pgPort = pgPort;
        this.pgSecure = pgSecure;
        this.kafkaSecure = kafkaSecure;
    }

    List<Member> members() {
        return members;
    }

    /** Why a process is missing from the list. */
    List<String> notes() {
        return notes;
    }

    /** The broker the gateway uses ({@code KAFKA_BOOTSTRAP_SERVERS} of its environment, or the devstack's). */
    Optional<String> kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** The port of the PostgreSQL found (from its postmaster.pid). */
    OptionalInt pgPort() {
        return pgPort;
    }

    boolean pgSecure() {
        return pgSecure;
    }

    /** Whether the broker found is the secure devstack's (SASL_SSL: the bench has no login for it). */
    boolean kafkaSecure() {
        return kafkaSecure;
    }

    static StackProcesses find(OptionalLong gatewayPid) {
        List<Member> members = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, String> gatewayEnv = gatewayPid.isPresent() ? environ(gatewayPid.getAsLong()) : Map.of();
        if (gatewayPid.isEmpty()) {
            notes.add("gateway: its pid is unknown (no gateway/target/quarkus-app process listens on the URL's port)");
        }
        Optional<Path> home = Optional.ofNullable(gatewayEnv.get("PARLEY_HOME"))
                .or(() -> Optional.ofNullable(System.getenv("PARLEY_HOME")))
                .or(() -> Optional.ofNullable(System.getProperty("parley.root")).filter(r -> !r.isBlank())
                        .map(r -> Path.of(r, ".parley").toString()))
                .map(Path::of);
        if (home.isEmpty()) {
            notes.add("no PARLEY_HOME known: only the gateway and the bench are measured");
        }

        // run/<prefix><module>[-suffix].pid of live processes running that module's jar
        Map<String, List<Long>> services = new TreeMap<>();
        home.ifPresent(h -> servicePids(h.resolve("run"), gatewayPid, notes).forEach(services::put));
        for (Map.Entry<String, String> service : SERVICES.entrySet()) {
            List<Long> pids = new ArrayList<>(services.getOrDefault(service.getValue(), List.of()));
            if (service.getKey().equals("gateway") && gatewayPid.isPresent()
                    && !pids.contains(gatewayPid.getAsLong())) {
                pids.add(0, gatewayPid.getAsLong());
            }
            if (pids.isEmpty()) {
                if (!service.getKey().equals("gateway")) {
                    notes.add(service.getKey() + ": no live " + service.getValue() + " of this stack under "
                            + home.map(h -> h.resolve("run").toString()).orElse("PARLEY_HOME/run")
                            + (service.getKey().equals("media") ? " (a stack the bench starts has none)" : ""));
                }
                continue;
            }
            if (pids.size() > 1) {
                notes.add(service.getKey() + ": " + pids.size() + " instances, summed");
            }
            members.add(new Member(service.getKey(), Kind.PROCESS, pids));
        }

        Optional<String> bootstrap = Optional.ofNullable(gatewayEnv.get("KAFKA_BOOTSTRAP_SERVERS"))
                .or(() -> Optional.ofNullable(System.getenv("KAFKA_BOOTSTRAP_SERVERS")))
                .or(() -> Optional.of("127.0.0.1:" + Optional.ofNullable(System.getenv("PARLEY_KAFKA_PORT"))
                        .orElse("9092")));
        OptionalInt kafkaPort = portOf(bootstrap.get());
        Optional<Long> broker = Optional.empty();
        boolean kafkaSecure = false;
        if (home.isPresent()) {
            for (String dir : List.of("kafka", "kafka-secure")) {
                Optional<Long> pid = pidFile(home.get().resolve(dir).resolve("broker.pid"))
                        .filter(p -> ProcCpu.cmdline(p).contains("KafkaServerMain"))
                        .filter(p -> kafkaPort.isEmpty() || listensOn(p, kafkaPort.getAsInt()));
                if (pid.isPresent()) {
                    broker = pid;
                    kafkaSecure = dir.endsWith("-secure");
                }
            }
        }
        broker.ifPresentOrElse(pid -> members.add(new Member("kafka", Kind.PROCESS, List.of(pid))),
                () -> notes.add("kafka: no live devstack broker listening on " + bootstrap.get() + " under "
                        + home.map(Path::toString).orElse("PARLEY_HOME") + " (an external broker is not measured)"));

        OptionalInt wantedPgPort = services.getOrDefault("chat-service", List.of()).stream().findFirst()
                .map(chat -> environ(chat).getOrDefault("QUARKUS_DATASOURCE_REACTIVE_URL", ""))
                .map(StackProcesses::portOf).orElse(OptionalInt.empty());
        OptionalInt pgPort = OptionalInt.empty();
        boolean secure = false;
        if (home.isPresent()) {
            for (String dir : List.of("postgres", "postgres-secure")) {
                List<String> lines = lines(home.get().resolve(dir).resolve("postmaster.pid"));
                if (lines.size() < 4) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(lines.get(0).trim());
                    int port = Integer.parseInt(lines.get(3).trim());
                    if (ProcCpu.read(pid).isPresent() && ProcCpu.cmdline(pid).contains("postgres")
                            && (wantedPgPort.isEmpty() || wantedPgPort.getAsInt() == port)) {
                        members.add(new Member("postgres", Kind.POSTGRES, List.of(pid)));
                        pgPort = OptionalInt.of(port);
                        secure = dir.endsWith("-secure");
                        break;
                    }
                } catch (NumberFormatException e) {
                    // not a postmaster.pid of ours
                }
            }
        }
        if (pgPort.isEmpty()) {
            notes.add("postgres: no live postmaster" + (wantedPgPort.isPresent() ? " on port "
                    + wantedPgPort.getAsInt() : "") + " under " + home.map(Path::toString).orElse("PARLEY_HOME")
                    + " (an external server is not measured)");
        }
        members.add(new Member("bench", Kind.BENCH, List.of(ProcessHandle.current().pid())));
        return new StackProcesses(members, notes, bootstrap, pgPort, secure, kafkaSecure);
    }

    /**
     * Module → live pids from the pid files in {@code run}. With the gateway's pid known, only files with the
     * prefix of the gateway's own pid file count (a stack the bench started, {@code bench-*}, beside a
     * {@code ./parley up} in the same home); without it, only when every live file has the same prefix.
     */
    static Map<String, List<Long>> servicePids(Path run, OptionalLong gatewayPid, List<String> notes) {
        record Found(String prefix, String module, long pid) {
        }
        List<Found> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(run)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid")).sorted().toList()) {
                String name = file.getFileName().toString();
                Optional<Long> pid = pidFile(file);
                if (pid.isEmpty()) {
                    continue;
                }
                String cmdline = ProcCpu.cmdline(pid.get());
                for (String module : SERVICES.values()) {
                    int at = name.indexOf(module);
                    if (at >= 0 && cmdline.contains(module + "/target/quarkus-app/quarkus-run.jar")) {
                        found.add(new Found(name.substring(0, at), module, pid.get()));
                        break;
                    }
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        Optional<String> prefix = gatewayPid.isPresent()
                ? found.stream().filter(f -> f.pid() == gatewayPid.getAsLong()).map(Found::prefix).findFirst()
                : Optional.empty();
        if (prefix.isEmpty()) {
            List<String> prefixes = found.stream().map(Found::prefix).distinct().toList();
            if (prefixes.size() > 1) {
                notes.add("services: " + run + " holds live processes of several stacks " + prefixes
                        + " and the gateway's is not among them: none measured");
                return Map.of();
            }
            prefix = prefixes.stream().findFirst();
        }
        Map<String, List<Long>> pids = new TreeMap<>();
        for (Found each : found) {
            if (prefix.isPresent() && each.prefix().equals(prefix.get())) {
                pids.computeIfAbsent(each.module(), m -> new ArrayList<>()).add(each.pid());
            }
        }
        return pids;
    }

    /** Whether the broker's server.properties (the last argument of its command line) listens on {@code port}. */
    private static boolean listensOn(long pid, int port) {
        String[] args = ProcCpu.cmdline(pid).trim().split(" ");
        for (String line : lines(Path.of(args[args.length - 1]))) {
            if (line.startsWith("listeners=") && line.matches(".*:" + port + "(,.*)?")) {
                return true;
            }
        }
        return false;
    }

    /** The live pid a pid file names, if its process is running. */
    static Optional<Long> pidFile(Path file) {
        List<String> lines = lines(file);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcCpu.read(pid).isPresent() ? Optional.of(pid) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The port of {@code host:port}, {@code scheme://host:port/...} or the first of a comma-separated list. */
    static OptionalInt portOf(String address) {
        String first = address.split(",")[0].trim();
        int scheme = first.indexOf("://");
        if (scheme >= 0) {
            first = first.substring(scheme + 3);
        }
        int slash = first.indexOf('/');
        if (slash >= 0) {
            first = first.substring(0, slash);
        }
        int colon = first.lastIndexOf(':');
        try {
            return colon < 0 ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(first.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    static Map<String, String> environ(long pid) {
        Map<String, String> env = new TreeMap<>();
        try {
            String all = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                    StandardCharsets.UTF_8);
            for (String entry : all.split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            // gone, or not ours to read
        }
        return env;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
