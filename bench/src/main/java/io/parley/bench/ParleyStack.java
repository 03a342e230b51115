package io.parley.bench;

import io.parley.devstack.DevstackConfig;
import io.parley.devstack.DevstackProcess;
import io.parley.devstack.ServiceProcess;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The Parley a run measures: the one answering at {@code --url} (e.g. {@code ./parley up}), or, when nothing does,
 * one started here on free ports (the devstack's Kafka and PostgreSQL per PARLEY_* variables, then auth, chat,
 * session and the gateway; media plays no part in these scenarios) and stopped at the end. A stack started here
 * raises the gateway's limits and lowers auth's hashing cost through configuration; the code keeps every limit.
 */
final class ParleyStack implements AutoCloseable {

    /** Gateway limits raised for load runs (PARLEY_GATEWAY_LIMITS_*, see gateway/application.properties). */
    static final Map<String, String> BENCH_LIMITS = Map.of(
            "PARLEY_GATEWAY_LIMITS_COMMAND_RATE", "1000000",
            "PARLEY_GATEWAY_LIMITS_COMMAND_BURST", "1000000",
            "PARLEY_GATEWAY_LIMITS_SOCKETS_PER_USER", "1000",
            "PARLEY_GATEWAY_LIMITS_SOCKETS_PER_IP", "1000000",
            "PARLEY_GATEWAY_LIMITS_HANDSHAKES_PER_IP_PER_SECOND", "1000000",
            "PARLEY_GATEWAY_LIMITS_HANDSHAKE_BURST_PER_IP", "1000000",
            // the bench registers its users (1,000 by default) from one address
            "PARLEY_GATEWAY_LIMITS_REGISTER_PER_IP_PER_MINUTE", "1000000",
            "PARLEY_GATEWAY_LIMITS_REGISTER_BURST_PER_IP", "1000000",
            // dm --hook-delay: the answering side are bots (5 commands/s each by default)
            "PARLEY_GATEWAY_LIMITS_BOT_COMMAND_RATE", "1000000",
            "PARLEY_GATEWAY_LIMITS_BOT_COMMAND_BURST", "1000000");

    private final URI url;
    private final OptionalLong gatewayPid;
    private final List<ServiceProcess> started;

    private ParleyStack(URI url, OptionalLong gatewayPid, List<ServiceProcess> started) {
        this.url = url;
        this.gatewayPid = gatewayPid;
        this.started = started;
    }

    static ParleyStack findOrStart(BenchOptions options) throws Exception {
        if (ready(options.url())) {
            Progress.say("using the Parley at %s", options.url());
            return new ParleyStack(options.url(), ProcessMemory.findGateway(options.url().getPort()), List.of());
        }
        if (!options.startStack()) {
            throw new IllegalStateException("nothing ready at " + options.url() + " (start one with ./parley up)");
        }
        DevstackConfig config = DevstackConfig.fromEnvironment(
                DevstackConfig.findRoot(Path.of(System.getProperty("parley.root", ""))));
        Progress.say("no Parley at %s: starting one (Kafka %s, PostgreSQL %s, home %s)", options.url(),
                config.kafkaBootstrap(), config.pgHostPort(), config.home());
        DevstackProcess.ensureRunning(config, config.externalKafka().isEmpty(), config.externalPg().isEmpty());
        List<ServiceProcess> started = new ArrayList<>();
        try {
            int auth = freePort();
            int chat = freePort();
            int session = freePort();
            int gateway = freePort();
            // on a loaded machine Kafka's first answers are slow; the default 15 s stops a service at start-up
            Map<String, String> common = Map.of("PARLEY_AUTH_JWKS_URL",
                    "http://127.0.0.1:" + auth + "/api/auth/jwks", "PARLEY_KAFKA_STARTUP_TIMEOUT", "120s");
            Map<String, String> authEnv = new HashMap<>(common);
            // registration of thousands of bench users must not be the bottleneck (parley.auth.hash-*)
            authEnv.put("PARLEY_AUTH_HASH_COST", "1");
            authEnv.put("PARLEY_AUTH_HASH_MEMORY_KIB", "1024");
            Map<String, String> gatewayEnv = new HashMap<>(common);
            gatewayEnv.putAll(BENCH_LIMITS);
            gatewayEnv.put("PARLEY_GATEWAY_SERVICES_AUTH", "http://127.0.0.1:" + auth);
            gatewayEnv.put("PARLEY_GATEWAY_SERVICES_CHAT", "http://127.0.0.1:" + chat);
            gatewayEnv.put("PARLEY_GATEWAY_SERVICES_SESSION", "http://127.0.0.1:" + session);
            gatewayEnv.put("PARLEY_INSTANCE_ID", "bench-gateway-" + gateway);
            started.add(start(config, "auth-service", auth, authEnv));
            Map<String, String> chatEnv = new HashMap<>(common);
            // dm --hook-delay: the subscriptions' receiver is the bench itself, on 127.0.0.1 (refused by default)
            chatEnv.put("PARLEY_INTEGRATIONS_ALLOWED_HOSTS", "127.0.0.1");
            started.add(start(config, "chat-service", chat, chatEnv));
            started.add(start(config, "session-service", session, common));
            started.add(start(config, "gateway", gateway, gatewayEnv));
            for (ServiceProcess service : started) {
                service.awaitReady(Duration.ofSeconds(240));
            }
            ServiceProcess gatewayProcess = started.get(started.size() - 1);
            URI url = URI.create("http://127.0.0.1:" + gateway);
            Progress.say("Parley started, gateway at %s (logs in %s)", url, config.logs());
            return new ParleyStack(url, OptionalLong.of(gatewayProcess.process().pid()), started);
        } catch (Exception | Error e) {
            new ParleyStack(options.url(), OptionalLong.empty(), started).close();
            throw e;
        }
    }

    private static ServiceProcess start(DevstackConfig config, String module, int port, Map<String, String> env)
            throws IOException {
        ServiceProcess.Service service = ServiceProcess.SERVICES.stream()
                .filter(s -> s.module().equals(module)).findFirst().orElseThrow();
        return ServiceProcess.start(config, service, "bench-" + module, port, env);
    }

    /**
     * Whether a Parley answers at the gateway's {@code url}: its {@code /api/auth/jwks} (the gateway and auth-service
     * up). Not {@code /q/health/ready}: that is on the gateway's management port, which the URL does not tell.
     */
    static boolean ready(URI url) {
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(url.resolve("/api/auth/jwks")).timeout(Duration.ofSeconds(5))
                            .GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    URI url() {
        return url;
    }

    OptionalLong gatewayPid() {
        return gatewayPid;
    }

    @Override
    public void close() throws IOException {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }
}
