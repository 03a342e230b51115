package io.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** deploy/k8s/parley rendered by the Helm library, validated against the Kubernetes model and the services' config. */
class HelmChartTest {

    static final Path CI_VALUES = Path.of("src/test/resources/values-ci.yaml");
    static final Path EVERYTHING_VALUES = Path.of("src/test/resources/values-everything.yaml");

    static RenderedChart ci;
    static RenderedChart everything;
    static WiringCheck wiring;

    @BeforeAll
    static void render() {
        ci = RenderedChart.render(Map.of(), resource(CI_VALUES));
        everything = RenderedChart.render(Map.of(), resource(EVERYTHING_VALUES));
        wiring = WiringCheck.ofRepository();
    }

    static Path resource(Path relative) {
        return Repository.root().resolve("deploy").resolve(relative);
    }

    static Stream<RenderedChart> renderings() {
        return Stream.of(ci, everything);
    }

    @Test
    void templatesDoNotDependOnTheLiveCluster() throws java.io.IOException {
        // `lookup` answers nothing under `helm template` (and here would reach for a cluster): what CI validates
        // would not be what `helm install` renders
        try (var templates = java.nio.file.Files.walk(Repository.chart().resolve("templates"))) {
            for (Path template : templates.filter(java.nio.file.Files::isRegularFile).toList()) {
                assertFalse(Repository.read(template).contains("lookup"), template + " uses lookup");
            }
        }
    }

    @Test
    void chartPassesHelmLintStrict() {
        var lint = RenderedChart.lint();
        assertFalse(lint.isFailed(), () -> "helm lint --strict: " + lint.getMessages());
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyRenderedObjectIsAValidKubernetesObject(RenderedChart chart) {
        assertFalse(chart.objects().isEmpty());
        List<String> problems = KubernetesModelCheck.check(chart.objects());
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyDeploymentAgreesWithItsServiceConfiguration(RenderedChart chart) {
        List<Deployment> deployments = chart.all(Deployment.class);
        assertEquals(Set.copyOf(Repository.SERVICES), deployments.stream()
                .map(d -> RenderedChart.wiringOf(d).service()).collect(Collectors.toSet()));
        List<String> problems = deployments.stream().map(RenderedChart::wiringOf)
                .flatMap(w -> wiring.check(w).stream()).toList();
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void theLoadTestValuesSetOnlyRealGatewayProperties() {
        RenderedChart chart = RenderedChart.render(Map.of(), resource(CI_VALUES),
                Repository.root().resolve("loadtest/k6/values-loadtest.yaml"));
        ContainerWiring gateway = RenderedChart.wiringOf(chart.named(Deployment.class, RenderedChart.nameOf("gateway")));
        assertEquals("10000", gateway.env().get("PARLEY_GATEWAY_LIMITS_HANDSHAKES_PER_IP_PER_SECOND"));
        List<String> problems = wiring.check(gateway);
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void everyDeploymentProbesLivenessAndReadinessOnTheManagementPort() {
        for (Deployment d : ci.all(Deployment.class)) {
            ContainerWiring w = RenderedChart.wiringOf(d);
            assertEquals("/q/health/live", w.probes().get("liveness").path(), d.getMetadata().getName());
            assertEquals("/q/health/ready", w.probes().get("readiness").path(), d.getMetadata().getName());
            // quarkus.management.port: the API port serves no /q/health
            assertNotNull(wiring.config(w.service()).managementPort(), w.service() + " has a management interface");
            assertEquals(wiring.config(w.service()).managementPort(), w.probes().get("readiness").port());
            assertEquals(wiring.config(w.service()).managementPort(), w.probes().get("liveness").port());
            assertEquals(wiring.config(w.service()).managementPort(), w.probes().get("startup").port());
        }
    }

    @Test
    void theManagementPortsAreDistinctSoThatFiveServicesRunOnOneHost() {
        Set<Integer> ports = new java.util.TreeSet<>();
        for (String service : Repository.SERVICES) {
            ports.add(wiring.config(service).httpPort());
            ports.add(wiring.config(service).managementPort());
        }
        assertEquals(2 * Repository.SERVICES.size(), ports.size(), "HTTP and management ports all distinct: " + ports);
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesTheManagementPortOfEveryServiceAndNothingElseOpensIt() {
        for (String service : Repository.SERVICES) {
            // the API's Service (possibly a LoadBalancer) does not carry the management port; a ClusterIP one does
            Service api = everything.named(Service.class, RenderedChart.nameOf(service));
            assertEquals(List.of("http"), api.getSpec().getPorts().stream().map(p -> p.getName()).toList(), service);
            Service management = everything.named(Service.class, RenderedChart.nameOf(service) + "-management");
            assertEquals("ClusterIP", management.getSpec().getType());
            assertEquals(wiring.config(service).managementPort(), management.getSpec().getPorts().get(0).getPort());
            assertEquals("management", management.getSpec().getPorts().get(0).getTargetPort().getStrVal());
            assertEquals(RenderedChart.nameOf(service), management.getMetadata().getLabels().get("parley.io/job"),
                    "the job label the alerts and dashboard select");
            // NetworkPolicy: the management port only from the Prometheus pods; the API port as before
            var policy = everything.named(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
                    RenderedChart.nameOf(service));
            var managementRules = policy.getSpec().getIngress().stream().filter(r -> r.getPorts().stream()
                    .anyMatch(p -> "management".equals(p.getPort().getStrVal()))).toList();
            assertEquals(1, managementRules.size(), service);
            var from = managementRules.get(0).getFrom();
            assertEquals(1, from.size(), service);
            assertEquals(Map.of("kubernetes.io/metadata.name", "monitoring"),
                    from.get(0).getNamespaceSelector().getMatchLabels(), service);
            assertEquals(Map.of("app.kubernetes.io/name", "prometheus"),
                    from.get(0).getPodSelector().getMatchLabels(), service);
            assertTrue(policy.getSpec().getIngress().stream().filter(r -> r != managementRules.get(0))
                    .flatMap(r -> r.getPorts().stream()).allMatch(p -> "http".equals(p.getPort().getStrVal())),
                    service + ": every other rule opens the API port only");
        }
        var monitor = (io.fabric8.kubernetes.api.model.GenericKubernetesResource) everything.objects().stream()
                .filter(o -> o.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
        assertEquals("parley.io/job", spec.get("jobLabel"));
        Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
        assertEquals("management", endpoint.get("port"));
        Map<String, String> selected = (Map<String, String>) ((Map<String, Object>) spec.get("selector"))
                .get("matchLabels");
        List<String> scraped = everything.all(Service.class).stream()
                .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selected.entrySet()))
                .map(s -> s.getMetadata().getName()).sorted().toList();
        assertEquals(Repository.SERVICES.stream().map(s -> RenderedChart.nameOf(s) + "-management").sorted().toList(),
                scraped);
    }

    @Test
    void servicesExposeTheSamePortAsTheirApplicationProperties() {
        for (String service : Repository.SERVICES) {
            Service s = ci.named(Service.class, RenderedChart.nameOf(service));
            assertEquals(wiring.config(service).httpPort(), s.getSpec().getPorts().get(0).getPort(), service);
        }
    }

    @Test
    void gatewayAndChatServiceAutoscaleAndEveryMultiReplicaServiceHasADisruptionBudget() {
        Set<String> scaled = ci.all(HorizontalPodAutoscaler.class).stream()
                .map(h -> h.getSpec().getScaleTargetRef().getName()).collect(Collectors.toSet());
        assertEquals(Set.of(RenderedChart.nameOf("gateway"), RenderedChart.nameOf("chat-service")), scaled);
        Set<String> budgeted = ci.all(PodDisruptionBudget.class).stream()
                .map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        for (Deployment d : ci.all(Deployment.class)) {
            boolean severalReplicas = d.getSpec().getReplicas() == null || d.getSpec().getReplicas() > 1;
            assertEquals(severalReplicas, budgeted.contains(d.getMetadata().getName()), d.getMetadata().getName());
        }
    }

    @Test
    void ingressSendsTheWebClientWebSocketAndRestToTheGatewayWithLongIdleTimeouts() {
        Ingress ingress = ci.named(Ingress.class, RenderedChart.nameOf("gateway"));
        var paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
        Map<String, String> routes = paths.stream()
                .collect(Collectors.toMap(p -> p.getPath(), p -> p.getBackend().getService().getName()));
        assertEquals(Set.of(RenderedChart.nameOf("gateway")), Set.copyOf(routes.values()), "only the gateway");
        Map<String, String> types = paths.stream().collect(Collectors.toMap(p -> p.getPath(), p -> p.getPathType()));
        for (String path : List.of("/", "/index.html", "/parley.css", "/js/app.js", "/ws", "/api/auth/login",
                "/api/auth/jwks")) {
            assertTrue(routed(types, path), path + " is not routed by " + types);
        }
        // only what clients need: the services' health and metrics and the internal routes stay inside
        for (String path : List.of("/q/metrics", "/q/health/ready", "/internal/channels", "/favicon-of-nothing")) {
            assertFalse(routed(types, path), path + " is routed by " + types);
        }
        // a quiet socket only pings every heartbeatMs (25 s, PROTOCOL §3): a proxy's idle timeout must be far above it
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        assertTrue(Integer.parseInt(annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout")) >= 300);
        assertTrue(Integer.parseInt(annotations.get("nginx.ingress.kubernetes.io/proxy-send-timeout")) >= 300);
    }

    @Test
    void everyFileOfTheWebClientIsRoutedToTheGateway() throws java.io.IOException {
        // the gateway serves the web client's jar (web/src/main/resources/META-INF/resources) at /: a file the
        // Ingress does not route would be a 404 in production only
        Path resources = Repository.root().resolve("web/src/main/resources/META-INF/resources");
        Ingress ingress = ci.named(Ingress.class, RenderedChart.nameOf("gateway"));
        Map<String, String> types = ingress.getSpec().getRules().get(0).getHttp().getPaths().stream()
                .collect(Collectors.toMap(p -> p.getPath(), p -> p.getPathType()));
        List<String> files;
        try (var walk = java.nio.file.Files.walk(resources)) {
            files = walk.filter(java.nio.file.Files::isRegularFile)
                    .map(f -> "/" + resources.relativize(f).toString().replace('\\', '/')).toList();
        }
        assertFalse(files.isEmpty());
        for (String file : files) {
            assertTrue(routed(types, file), file + " of the web client is not routed by " + types);
        }
    }

    /** Whether an Ingress path list (path to pathType) routes a request path, as the Ingress API defines matching. */
    static boolean routed(Map<String, String> pathTypes, String path) {
        return pathTypes.entrySet().stream().anyMatch(e -> switch (e.getValue()) {
            case "Exact" -> e.getKey().equals(path);
            case "Prefix" -> {
                // element-wise: /js matches /js and /js/app.js, not /jsx
                String prefix = e.getKey().endsWith("/") ? e.getKey().substring(0, e.getKey().length() - 1) : e.getKey();
                yield prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
            }
            default -> throw new AssertionError("pathType " + e.getValue());
        });
    }

    @Test
    void theRoutingOfAPathIsJudgedAsTheIngressApiDoes() {
        Map<String, String> types = Map.of("/", "Exact", "/js", "Prefix");
        assertTrue(routed(types, "/"));
        assertFalse(routed(types, "/q/metrics"), "/ is Exact");
        assertTrue(routed(types, "/js/app.js"));
        assertFalse(routed(types, "/jsx"));
    }

    @Test
    void gatewayGracePeriodCoversPreStopAndDrain() {
        Deployment gateway = ci.named(Deployment.class, RenderedChart.nameOf("gateway"));
        Container container = gateway.getSpec().getTemplate().getSpec().getContainers().get(0);
        String drain = container.getEnv().stream().filter(e -> e.getName().equals("QUARKUS_SHUTDOWN_TIMEOUT"))
                .map(EnvVar::getValue).findFirst().orElseThrow(() -> new AssertionError("gateway drain not set"));
        long drainSeconds = Duration.parse("PT" + drain.toUpperCase()).toSeconds();
        List<String> preStop = container.getLifecycle().getPreStop().getExec().getCommand();
        long preStopSeconds = Long.parseLong(preStop.get(preStop.size() - 1));
        long grace = gateway.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        // Quarkus waits for in-flight HTTP work first (QUARKUS_SHUTDOWN_TIMEOUT), then the gateway closes its sockets
        // with 1001 and waits for them (PARLEY_GATEWAY_SHUTDOWN_DRAIN), then publishes instance.stopped (up to 3 s)
        String socketDrain = container.getEnv().stream().filter(e -> e.getName().equals("PARLEY_GATEWAY_SHUTDOWN_DRAIN"))
                .map(EnvVar::getValue).findFirst().orElseThrow(() -> new AssertionError("gateway socket drain not set"));
        long socketDrainSeconds = Duration.parse("PT" + socketDrain.toUpperCase()).toSeconds();
        assertTrue(drainSeconds >= 10, "drain " + drain);
        assertTrue(socketDrainSeconds >= 1, "socket drain " + socketDrain);
        assertTrue(grace > preStopSeconds + drainSeconds + socketDrainSeconds + 3,
                "terminationGracePeriodSeconds " + grace + " <= preStop " + preStopSeconds + " + drain " + drainSeconds
                        + " + socket drain " + socketDrainSeconds + " + 3 s for instance.stopped");
    }

    @Test
    void gatewaySocketDrainDefaultMatchesTheGatewayConfiguration() {
        // the chart's default must be what the gateway does without it, so the grace period is computed from the truth
        Deployment gateway = ci.named(Deployment.class, RenderedChart.nameOf("gateway"));
        String chart = gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("PARLEY_GATEWAY_SHUTDOWN_DRAIN")).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("gateway socket drain not set"));
        String service = wiring.config("gateway").productionValue("parley.gateway.shutdown.drain")
                .orElseThrow(() -> new AssertionError("parley.gateway.shutdown.drain not in the gateway's application.properties"));
        assertEquals(Duration.parse("PT" + service.toUpperCase()), Duration.parse("PT" + chart.toUpperCase()));
    }

    @Test
    void gatewayInstanceIdIsThePodName() {
        Deployment gateway = ci.named(Deployment.class, RenderedChart.nameOf("gateway"));
        EnvVar id = gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("PARLEY_INSTANCE_ID")).findFirst().orElseThrow();
        assertEquals("metadata.name", id.getValueFrom().getFieldRef().getFieldPath());
    }

    @Test
    void renderingWithoutADatabasePasswordOrMediaKeyFailsWithAClearMessage() {
        // the /internal key pair and auth-service's key-encryption key are given: their own tests are in
        // HelmSecurityValuesTest
        Exception noPassword = assertThrows(Exception.class,
                () -> RenderedChart.render(Map.of("media.masterKey", "x"), HelmSecurityValuesTest.KEYS_ONLY));
        assertTrue(noPassword.getMessage().contains("postgresql.auth.password"), noPassword.getMessage());
        Exception noKey = assertThrows(Exception.class,
                () -> RenderedChart.render(Map.of("postgresql.auth.password", "x"), HelmSecurityValuesTest.KEYS_ONLY));
        assertTrue(noKey.getMessage().contains("media.masterKey"), noKey.getMessage());
    }

    @Test
    void valuesOfTheWrongTypeOrUnderAMisspeltKeyAreRefusedByTheSchema() {
        Exception wrongType = assertThrows(Exception.class,
                () -> RenderedChart.render(Map.of("services.gateway.port", "http"), resource(CI_VALUES)));
        assertTrue(wrongType.getMessage().contains("port"), wrongType.getMessage());
        Exception misspelt = assertThrows(Exception.class,
                () -> RenderedChart.render(Map.of("kafka.bootstrapServer", "kafka:9092"), resource(CI_VALUES)));
        assertTrue(misspelt.getMessage().contains("bootstrapServer"), misspelt.getMessage());
        Exception badEnvName = assertThrows(Exception.class,
                () -> RenderedChart.render(Map.of("services.chat-service.env.parley-x", "1"), resource(CI_VALUES)));
        assertTrue(badEnvName.getMessage().contains("parley-x"), badEnvName.getMessage());
    }

    @Test
    void existingSecretsReplaceTheChartsOwn() {
        RenderedChart chart = RenderedChart.render(Map.of(
                "postgresql.auth.existingSecret", "pg-credentials",
                "jwt.existingSecret", "jwt-keys",
                "media.existingSecret", "media-key",
                "admin.existingSecret", "admins",
                "internal.existingSecret", "internal-keys"));
        assertTrue(chart.all(Secret.class).isEmpty(), "no Secret should be rendered");
        Deployment chat = chart.named(Deployment.class, RenderedChart.nameOf("chat-service"));
        assertEquals("pg-credentials", chat.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("QUARKUS_DATASOURCE_PASSWORD")).findFirst().orElseThrow()
                .getValueFrom().getSecretKeyRef().getName());
        Deployment auth = chart.named(Deployment.class, RenderedChart.nameOf("auth-service"));
        assertTrue(auth.getSpec().getTemplate().getSpec().getVolumes().stream()
                .anyMatch(v -> v.getSecret() != null && "jwt-keys".equals(v.getSecret().getSecretName())));
        assertEquals(null, secretOf(auth, "PARLEY_AUTH_KEYS_PRIVATE_LOCATION"), "a file path in the mounted Secret");
        assertEquals("admins", secretOf(auth, "PARLEY_ADMIN_PASSWORD"));
        assertEquals("media-key", secretOf(chart.named(Deployment.class, RenderedChart.nameOf("media-service")),
                "PARLEY_MEDIA_MASTER_KEY"));
    }

    /** The Secret an environment variable is read from, null when it is a plain value. */
    static String secretOf(Deployment deployment, String env) {
        EnvVar var = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals(env)).findFirst()
                .orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + " has no " + env));
        return var.getValueFrom() == null ? null : var.getValueFrom().getSecretKeyRef().getName();
    }

    @Test
    void externalKafkaAndPostgresqlAddressesComeFromValues() {
        RenderedChart chart = RenderedChart.render(Map.of("kafka.bootstrapServers", "kafka.example:9093",
                "postgresql.host", "pg.example", "postgresql.port", 6432), resource(CI_VALUES));
        Map<String, String> env = RenderedChart.wiringOf(chart.named(Deployment.class,
                RenderedChart.nameOf("chat-service"))).env();
        assertEquals("kafka.example:9093", env.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("postgresql://pg.example:6432/chat", env.get("QUARKUS_DATASOURCE_REACTIVE_URL"));
        assertEquals("jdbc:postgresql://pg.example:6432/chat?connectTimeout=10", env.get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertNull(RenderedChart.wiringOf(chart.named(Deployment.class, RenderedChart.nameOf("gateway"))).env()
                .get("QUARKUS_DATASOURCE_REACTIVE_URL"), "the gateway has no database");
    }

    @Test
    void serviceMonitorScrapesQuarkusMetricsWhenEnabled() {
        var monitor = everything.objects().stream().filter(o -> o.getKind().equals("ServiceMonitor")).findFirst();
        assertTrue(monitor.isPresent());
        assertTrue(ci.objects().stream().noneMatch(o -> o.getKind().equals("ServiceMonitor")), "off by default");
    }

    @Test
    void containersRunAsNonRootWithAReadOnlyRootFilesystem() {
        for (Deployment d : ci.all(Deployment.class)) {
            var pod = d.getSpec().getTemplate().getSpec();
            assertTrue(pod.getSecurityContext().getRunAsNonRoot(), d.getMetadata().getName());
            assertNotNull(pod.getSecurityContext().getRunAsUser());
            assertTrue(pod.getSecurityContext().getRunAsUser() > 0);
            assertTrue(pod.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem());
        }
    }
}
