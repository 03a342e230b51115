package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.devstack.DevstackConfig;
import io.parley.devstack.DevstackProcess;
import io.parley.devstack.ServiceProcess;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole platform for the system tests: the five packaged services plus a second gateway instance, each a separate
 * process on its own free port, on the devstack's Kafka and PostgreSQL. Started once per test JVM, stopped at its end.
 */
final class ParleyStack {

    private static ParleyStack instance;

    final DevstackConfig config;
    final String runId = UUID.randomUUID().toString().substring(0, 8);
    final String adminUsername = "admin_" + runId;
    final String adminPassword = "Admin-" + UUID.randomUUID();
    final String gatewayAId = "st-gw-a-" + runId;
    final String gatewayBId = "st-gw-b-" + runId;
    private final Map<String, Integer> ports = new HashMap<>();
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> environments = new HashMap<>();

    static synchronized ParleyStack get() {
        if (instance == null) {
            instance = new ParleyStack();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "parley-stack-stop"));
            try {
                instance.start();
            } catch (Exception e) {
                instance.stop();
                throw new IllegalStateException("the Parley stack did not start: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    private ParleyStack() {
        Path root = DevstackConfig.findRoot(Path.of(System.getProperty("parley.root", "")));
        config = DevstackConfig.fromEnvironment(root);
        DevstackProcess.ensureRunning(config, config.externalKafka().isEmpty(), config.externalPg().isEmpty());
    }

    private void start() throws Exception {
        for (String name : List.of("auth-service", "chat-service", "session-service", "media-service", "gateway-a",
                "gateway-b")) {
            ports.put(name, freePort());
        }
        String jwks = "http://127.0.0.1:" + ports.get("auth-service") + "/api/auth/jwks";
        // a loaded CI machine may need longer than the default 15 s for the first Kafka answer
        Map<String, String> common = Map.of("PARLEY_AUTH_JWKS_URL", jwks, "PARLEY_KAFKA_STARTUP_TIMEOUT", "60s");
        environments.put("auth-service", merge(common, Map.of(
                "PARLEY_ADMIN_USERNAME", adminUsername, "PARLEY_ADMIN_PASSWORD", adminPassword)));
        environments.put("chat-service", common);
        environments.put("session-service", merge(common, Map.of(
                "PARLEY_SESSIONS_GRACE_PERIOD", "3s", "PARLEY_SESSIONS_SWEEP_INTERVAL", "1s")));
        environments.put("media-service", common);
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
        return env;
    }

    private void launch(String name) throws IOException {
        String module = name.startsWith("gateway") ? "gateway" : name;
        ServiceProcess.Service service = ServiceProcess.SERVICES.stream()
                .filter(s -> s.module().equals(module)).findFirst().orElseThrow();
        processes.put(name, ServiceProcess.start(config, service, "st-" + name, ports.get(name),
                environments.get(name)));
    }

    /** SIGKILL a process, as a crash would. */
    void kill(String name) throws InterruptedException {
        processes.get(name).kill();
    }

    /** Starts a killed process again on the same port, and waits until it is ready. */
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

    int port(String name) {
        return ports.get(name);
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
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
    }
}
