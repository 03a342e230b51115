package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.devstack.DevstackConfig;
import io.parley.devstack.DevstackProcess;
import io.parley.devstack.IsolatedDevstack;
import io.parley.devstack.Ports;
import io.parley.devstack.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole platform for the system tests: the five packaged services plus a second gateway instance, each a separate
 * process on its own free port, on the devstack's Kafka and PostgreSQL. Started once per test JVM, stopped at its end.
 * {@link #isolated()} is a second such stack on Kafka and PostgreSQL of its own, for the tests that crash or freeze
 * the broker.
 */
final class ParleyStack {

    private static final List<String> ALL = List.of("auth-service", "chat-service", "session-service",
            "media-service", "gateway-a", "gateway-b");
    /** No test on the isolated stack uploads files. */
    private static final List<String> WITHOUT_MEDIA = ALL.stream().filter(n -> !n.equals("media-service")).toList();

    private static ParleyStack instance;
    private static ParleyStack isolatedInstance;

    final DevstackConfig config;
    /** The isolated stack's own Kafka and PostgreSQL; null on the shared devstack. */
    private final IsolatedDevstack infra;
    private final List<String> names;
    final String runId = UUID.randomUUID().toString().substring(0, 8);
    final String adminUsername = "admin_" + runId;
    final String adminPassword = "Admin-" + UUID.randomUUID();
    final String gatewayAId = "st-gw-a-" + runId;
    final String gatewayBId = "st-gw-b-" + runId;
    private final Map<String, Integer> ports = new HashMap<>();
    /** Each process's management interface: /q/health and /q/metrics (quarkus.management.port). */
    private final Map<String, Integer> managementPorts = new HashMap<>();
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> environments = new HashMap<>();

    static synchronized ParleyStack get() {
        if (instance == null) {
            DevstackConfig config = DevstackConfig.fromEnvironment(root());
            DevstackProcess.ensureRunning(config, config.externalKafka().isEmpty(), config.externalPg().isEmpty());
            instance = new ParleyStack(config, null, ALL);
            instance.startOrStop();
        }
        return instance;
    }

    /**
     * A stack of its own (every service but media-service, two gateways) on a Kafka broker and PostgreSQL of its own
     * (PARLEY_HOME under system-tests/target, free ports below 32768), so its broker can be crashed or frozen without
     * disturbing the shared devstack. Started on first use, stopped at the end of the test JVM.
     */
    static synchronized ParleyStack isolated() {
        if (isolatedInstance == null) {
            Path root = root();
            IsolatedDevstack infra;
            try {
                infra = IsolatedDevstack.start(IsolatedDevstack.configFor(root,
                        root.resolve("system-tests/target/isolated-devstack/" + UUID.randomUUID())));
            } catch (Exception e) {
                throw new IllegalStateException("the isolated devstack did not start: " + e.getMessage(), e);
            }
            isolatedInstance = new ParleyStack(infra.config(), infra, WITHOUT_MEDIA);
            isolatedInstance.startOrStop();
        }
        return isolatedInstance;
    }

    /** Stops the isolated stack and its devstack now rather than at the end of the JVM, freeing the machine. */
    static synchronized void stopIsolated() {
        if (isolatedInstance != null) {
            isolatedInstance.stop();
            isolatedInstance = null;
        }
    }

    private static Path root() {
        return DevstackConfig.findRoot(Path.of(System.getProperty("parley.root", "")));
    }

    /** Starts every process, or stops them all and fails (later tests then fail fast on the stopped stack). */
    private void startOrStop() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "parley-stack-stop"));
        try {
            start();
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("the Parley stack did not start: " + e.getMessage(), e);
        }
    }

    private ParleyStack(DevstackConfig config, IsolatedDevstack infra, List<String> names) {
        this.config = config;
        this.infra = infra;
        this.names = names;
    }

    private void start() throws Exception {
        // a port for every service, started or not: a gateway never reaches another stack's service by default
        for (String name : ALL) {
            ports.put(name, Ports.free());
        }
        String jwks = "http://127.0.0.1:" + ports.get("auth-service") + "/api/auth/jwks";
        // a loaded CI machine may need longer than the default 15 s for the first Kafka answer
        Map<String, String> common = Map.of("PARLEY_AUTH_JWKS_URL", jwks, "PARLEY_KAFKA_STARTUP_TIMEOUT", "60s");
        environments.put("auth-service", merge(common, Map.of(
                "PARLEY_ADMIN_USERNAME", adminUsername, "PARLEY_ADMIN_PASSWORD", adminPassword)));
        // SubscriptionsTest's receivers listen on 127.0.0.1, which the SSRF guard refuses by default
        environments.put("chat-service", merge(common, Map.of("PARLEY_INTEGRATIONS_ALLOWED_HOSTS", "127.0.0.1")));
        environments.put("session-service", merge(common, Map.of(
                "PARLEY_SESSIONS_GRACE_PERIOD", "3s", "PARLEY_SESSIONS_SWEEP_INTERVAL", "1s",
                // CallsProtocolTest fills a call: 3 participants, not the default 8 (two-party calls are unaffected)
                "PARLEY_CALLS_MAX_PARTICIPANTS", "3")));
        if (names.contains("media-service")) {
            environments.put("media-service", common);
        }
        environments.put("gateway-a", gatewayEnv(common, gatewayAId));
        environments.put("gateway-b", gatewayEnv(common, gatewayBId));
        // the services first (the gateways ask them), then both gateways; start all, then wait for each
        for (String name : environments.keySet().stream().sorted().toList()) {
            launch(name);
        }
        for (ServiceProcess process : processes.values()) {
            process.awaitReady(Duration.ofSeconds(180));
        }
    }

    private Map<String, String> gatewayEnv(Map<String, String> common, String instanceId) {
        Map<String, String> env = new HashMap<>(common);
        env.put("PARLEY_INSTANCE_ID", instanceId);
        env.put("PARLEY_GATEWAY_HEARTBEAT_INTERVAL", "1s");
        env.put("PARLEY_GATEWAY_SERVICES_AUTH", "http://127.0.0.1:" + ports.get("auth-service"));
        env.put("PARLEY_GATEWAY_SERVICES_CHAT", "http://127.0.0.1:" + ports.get("chat-service"));
        env.put("PARLEY_GATEWAY_SERVICES_SESSION", "http://127.0.0.1:" + ports.get("session-service"));
        env.put("PARLEY_GATEWAY_SERVICES_MEDIA", "http://127.0.0.1:" + ports.get("media-service"));
        // the guarantees are tested at volume; the limits themselves have the gateway's own tests
        env.put("PARLEY_GATEWAY_LIMITS_COMMAND_RATE", "1000");
        env.put("PARLEY_GATEWAY_LIMITS_COMMAND_BURST", "1000");
        // every test registers its users from 127.0.0.1 (the default is 20 per minute per IP, burst 60), on every
        // gateway, the default-limits one too
        env.put("PARLEY_GATEWAY_LIMITS_REGISTER_PER_IP_PER_MINUTE", "100000");
        env.put("PARLEY_GATEWAY_LIMITS_REGISTER_BURST_PER_IP", "100000");
        // the start-up warm-up runs, sized for tests: every start (and restart) goes through it, in well under a
        // second instead of the ~12 s of its defaults, which are there for load, not for correctness
        env.put("PARLEY_GATEWAY_WARM_UP_TOKENS", "100");
        env.put("PARLEY_GATEWAY_WARM_UP_SOCKETS", "10");
        env.put("PARLEY_GATEWAY_WARM_UP_HANDSHAKES", "50");
        env.put("PARLEY_GATEWAY_WARM_UP_ROUNDS", "20");
        return env;
    }

    private void launch(String name) throws IOException {
        String module = name.startsWith("gateway") ? "gateway"
                : name.startsWith("auth-service") ? "auth-service" : name;
        ServiceProcess.Service service = ServiceProcess.SERVICES.stream()
                .filter(s -> s.module().equals(module)).findFirst().orElseThrow();
        int managementPort = managementPorts.computeIfAbsent(name, n -> {
            try {
                return Ports.free();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        processes.put(name, ServiceProcess.start(config, service, "st-" + name, ports.get(name), managementPort,
                environments.get(name)));
    }

    /** SIGKILL a process, as a crash would. */
    void kill(String name) throws InterruptedException {
        processes.get(name).kill();
    }

    /** SIGTERM a process, as an operator's stop would, and wait for it to exit. */
    void stop(String name, Duration timeout) throws Exception {
        Process process = processes.get(name).process();
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not stop within " + timeout);
        }
    }

    /** The running process of a service, e.g. for its pid or its log. */
    ServiceProcess process(String name) {
        return processes.get(name);
    }

    /** Starts a killed or stopped process again on the same ports, and waits until it is ready. */
    void restart(String name) throws Exception {
        launch(name);
        processes.get(name).awaitReady(Duration.ofSeconds(180));
    }

    boolean ready(String name) {
        try {
            processes.get(name).awaitReady(Duration.ofSeconds(5));
            return true;
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    /** The access-token lifetime of the auth-service behind {@link #defaultLimitsGateway()}. */
    static final Duration SHORT_TOKEN_LIFETIME = Duration.ofSeconds(15);

    /**
     * A third gateway with the default limits (send/edit/react 10 per second, burst 20), whose {@code /api/auth} goes
     * to a second auth-service that issues access tokens for {@link #SHORT_TOKEN_LIFETIME} only; both on the stack's
     * databases (so the same signing keys), Kafka and other services. Started on first use, kept until the end.
     */
    synchronized int defaultLimitsGateway() throws Exception {
        if (!processes.containsKey("gateway-c")) {
            ports.put("auth-service-short", Ports.free());
            ports.put("gateway-c", Ports.free());
            Map<String, String> common = environments.get("chat-service");
            environments.put("auth-service-short", merge(common,
                    Map.of("PARLEY_AUTH_ACCESS_TOKEN_LIFETIME", SHORT_TOKEN_LIFETIME.toSeconds() + "s")));
            Map<String, String> gateway = gatewayEnv(common, "st-gw-c-" + runId);
            gateway.remove("PARLEY_GATEWAY_LIMITS_COMMAND_RATE");
            gateway.remove("PARLEY_GATEWAY_LIMITS_COMMAND_BURST");
            gateway.remove("PARLEY_GATEWAY_HEARTBEAT_INTERVAL"); // and the default heartbeat (25 s)
            gateway.put("PARLEY_GATEWAY_SERVICES_AUTH", "http://127.0.0.1:" + ports.get("auth-service-short"));
            environments.put("gateway-c", gateway);
            launch("auth-service-short");
            launch("gateway-c");
            processes.get("auth-service-short").awaitReady(Duration.ofSeconds(180));
            processes.get("gateway-c").awaitReady(Duration.ofSeconds(180));
        }
        return ports.get("gateway-c");
    }

    /**
     * A gateway whose {@code /api/auth} goes to a second auth-service that also signs people in through external
     * OpenID Connect providers (issue 25); both on the stack's databases (so the same signing keys and users), Kafka
     * and other services. {@code oidcEnv} holds the providers' {@code PARLEY_AUTH_OIDC_PROVIDERS_*} settings; the
     * public base URL is this gateway's address. Started on first use, kept until the end.
     */
    synchronized int oidcGateway(Map<String, String> oidcEnv) throws Exception {
        if (!processes.containsKey("gateway-oidc")) {
            ports.put("auth-service-oidc", Ports.free());
            ports.put("gateway-oidc", Ports.free());
            Map<String, String> common = environments.get("chat-service");
            Map<String, String> auth = merge(common, oidcEnv);
            auth.put("PARLEY_AUTH_OIDC_PUBLIC_BASE_URL", "http://127.0.0.1:" + ports.get("gateway-oidc"));
            environments.put("auth-service-oidc", auth);
            Map<String, String> gateway = gatewayEnv(common, "st-gw-oidc-" + runId);
            gateway.put("PARLEY_GATEWAY_SERVICES_AUTH", "http://127.0.0.1:" + ports.get("auth-service-oidc"));
            environments.put("gateway-oidc", gateway);
            launch("auth-service-oidc");
            launch("gateway-oidc");
            processes.get("auth-service-oidc").awaitReady(Duration.ofSeconds(180));
            processes.get("gateway-oidc").awaitReady(Duration.ofSeconds(180));
        }
        return ports.get("gateway-oidc");
    }

    /** The isolated stack's Kafka and PostgreSQL, whose broker a test may crash, restart, freeze and thaw. */
    IsolatedDevstack infra() {
        if (infra == null) {
            throw new IllegalStateException("only ParleyStack.isolated() has a devstack of its own");
        }
        return infra;
    }

    /** The names of this stack's processes (e.g. {@code chat-service}, {@code gateway-b}). */
    List<String> services() {
        return names;
    }

    int port(String name) {
        return ports.get(name);
    }

    /** The process's management port: {@code /q/health/*} and {@code /q/metrics} are served there, not on the API's. */
    int managementPort(String name) {
        return managementPorts.get(name);
    }

    Rest rest() {
        return new Rest(port("gateway-a"));
    }

    /** Registers and logs in a fresh user through gateway A. */
    TestUser newUser(String prefix) {
        String username = (prefix + "_" + UUID.randomUUID().toString().replace("-", "")).substring(0, 24);
        String password = "pw-" + UUID.randomUUID();
        Rest.Response registered = rest().post("/api/auth/register", null,
                Map.of("username", username, "password", password, "displayName", prefix));
        if (registered.status() != 201) {
            throw new AssertionError("register " + username + " → " + registered.status() + " " + registered.raw());
        }
        return login(username, password);
    }

    TestUser login(String username, String password) {
        Rest.Response login = rest().post("/api/auth/login", null, Map.of("username", username, "password", password));
        if (login.status() != 200) {
            throw new AssertionError("login " + username + " → " + login.status() + " " + login.raw());
        }
        JsonNode body = login.body();
        return new TestUser(body.path("user").path("id").asText(), username, password,
                body.path("accessToken").asText());
    }

    /** A user of the tests: id, name, password and a current access token. */
    record TestUser(String id, String username, String password, String token) {
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> out = new HashMap<>(a);
        out.putAll(b);
        return out;
    }

    private synchronized void stop() {
        // SIGTERM to all at once, so the whole stack drains in one grace period (the JVM is exiting)
        processes.values().forEach(process -> process.process().destroy());
        for (ServiceProcess process : processes.values()) {
            try {
                process.close();
            } catch (IOException ignored) {
                // best effort at JVM exit
            }
        }
        processes.clear();
        if (infra != null) {
            infra.close();
            deleteData();
        }
    }

    /** The isolated devstack's data goes with it; its logs stay for a look after a failure. */
    private void deleteData() {
        for (String dir : List.of("kafka", "postgres")) {
            try (Stream<Path> files = Files.walk(config.home().resolve(dir))) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // best effort at JVM exit; target/ is cleaned by the build anyway
            }
        }
    }
}
