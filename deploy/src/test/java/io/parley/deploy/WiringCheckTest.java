package io.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checks catch real mistakes: each test breaks a copy of a real artefact in memory (the files on disk stay
 * untouched) and expects the problem to be reported.
 */
class WiringCheckTest {

    static WiringCheck check;
    static RenderedChart chart;
    static String composeText;

    @BeforeAll
    static void load() {
        check = WiringCheck.ofRepository();
        chart = RenderedChart.render(Map.of(), HelmChartTest.resource(HelmChartTest.EVERYTHING_VALUES));
        composeText = Repository.read(Repository.root().resolve("docker-compose.yml"));
    }

    static ContainerWiring chartWiring(RenderedChart rendered, String service) {
        return RenderedChart.wiringOf(rendered.named(Deployment.class, RenderedChart.nameOf(service)));
    }

    static void assertReported(List<String> problems, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(problems.stream().anyMatch(p -> p.contains(fragment)),
                    () -> "expected a problem mentioning '" + fragment + "', got:\n" + String.join("\n", problems));
        }
    }

    @Test
    void theUnbrokenChartWiringHasNoProblems() {
        // the baseline, so that each test below fails for the one mistake it introduces
        for (String service : Repository.SERVICES) {
            assertEquals(List.of(), check.check(chartWiring(chart, service)));
        }
    }

    @Test
    void misspeltEnvironmentVariableIsReported() {
        ContainerWiring good = chartWiring(chart, "chat-service");
        Map<String, String> env = new LinkedHashMap<>(good.env());
        env.put("KAFKA_BOOTSTRAP_SERVER", env.remove("KAFKA_BOOTSTRAP_SERVERS"));
        assertReported(check.check(good.withEnv(env)),
                "KAFKA_BOOTSTRAP_SERVER maps to no property",
                "kafka.bootstrap.servers defaults to 127.0.0.1:9092");
    }

    @Test
    void aMisspeltKafkaClientSettingIsReportedAndARealOneIsNot() {
        // issue 18: KAFKA_* reaches every Kafka client without a line in application.properties; only Kafka's own names
        ContainerWiring good = chartWiring(chart, "media-service");
        Map<String, String> env = new LinkedHashMap<>(good.env());
        // values-everything.yaml: SASL_SSL with a CA; one more real client setting
        assertTrue(env.containsKey("KAFKA_SASL_JAAS_CONFIG") && env.containsKey("KAFKA_SSL_TRUSTSTORE_TYPE"));
        env.put("KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "https");
        assertEquals(List.of(), check.check(good.withEnv(env)));
        env.put("KAFKA_SASL_JASS_CONFIG", "x");
        env.put("KAFKA_SECURITY_PROTOCOLL", "SASL_SSL");
        assertReported(check.check(good.withEnv(env)), "KAFKA_SASL_JASS_CONFIG maps to no property",
                "KAFKA_SECURITY_PROTOCOLL maps to no property");
    }

    @Test
    void anExpansionOnlyVariableNobodyExpandsIsReported() {
        // values-everything.yaml: the JAAS line expands PARLEY_K8S_KAFKA_USERNAME and _PASSWORD
        ContainerWiring good = chartWiring(chart, "gateway");
        assertEquals(List.of(), check.check(good));
        Map<String, String> env = new LinkedHashMap<>(good.env());
        String jaas = env.put("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule "
                + "required username=\"parley-gateway\" password=\"$(PARLEY_K8S_KAFKA_PASSWORD)\";");
        assertTrue(jaas.contains("$(PARLEY_K8S_KAFKA_USERNAME)"), jaas);
        assertReported(check.check(good.withEnv(env)), "PARLEY_K8S_KAFKA_USERNAME maps to no property");
        env.remove("KAFKA_SASL_JAAS_CONFIG");
        assertReported(check.check(good.withEnv(env)), "PARLEY_K8S_KAFKA_PASSWORD maps to no property");
    }

    @Test
    void theInternalPrivateKeyAnywhereButTheGatewayIsReported() {
        ContainerWiring chat = chartWiring(chart, "chat-service");
        Map<String, String> env = new LinkedHashMap<>(chat.env());
        env.put("PARLEY_INTERNAL_PRIVATE_KEY_LOCATION", "/etc/parley/internal/private.pem");
        assertReported(check.check(chat.withEnv(env)), "PARLEY_INTERNAL_PRIVATE_KEY_LOCATION maps to no property");
    }

    @Test
    void wrongContainerPortIsReported() {
        String broken = chart.yaml().replace("containerPort: 8082", "containerPort: 8085");
        ContainerWiring chat = chartWiring(RenderedChart.parse(broken), "chat-service");
        assertReported(check.check(chat), "port 8085 but quarkus.http.port is 8082");
    }

    @Test
    void wrongOrMissingManagementPortIsReported() {
        // the probes follow the container port named management: a wrong number moves them too
        String broken = chart.yaml().replace("containerPort: 9082", "containerPort: 9085");
        assertReported(check.check(chartWiring(RenderedChart.parse(broken), "chat-service")),
                "management port 9085 but quarkus.management.port is 9082",
                "liveness probe on port 9085 but /q/health is served on quarkus.management.port 9082",
                "readiness probe on port 9085", "startup probe on port 9085");
        // probes on the API port, where /q/health is not served any more
        ContainerWiring good = chartWiring(chart, "gateway");
        Map<String, ContainerWiring.Probe> onApi = new HashMap<>();
        good.probes().forEach((kind, probe) -> onApi.put(kind, new ContainerWiring.Probe(probe.path(), 8080)));
        assertReported(check.check(good.withProbes(onApi)),
                "readiness probe on port 8080 but /q/health is served on quarkus.management.port 9080");
        // a container that declares no management port
        ContainerWiring none = new ContainerWiring(good.origin(), good.service(), good.env(), good.containerPort(),
                null, good.probes());
        assertReported(check.check(none), "declares no management port (quarkus.management.port is 9080)");
    }

    @Test
    void wrongProbePathIsReported() {
        String broken = chart.yaml().replace("path: /q/health/ready", "path: /health/ready");
        assertReported(check.check(chartWiring(RenderedChart.parse(broken), "gateway")),
                "readiness probe on /health/ready, expected /q/health/ready");
    }

    @Test
    void urlToAnotherServiceOnTheWrongPortIsReported() {
        ContainerWiring good = chartWiring(chart, "gateway");
        Map<String, String> env = new HashMap<>(good.env());
        env.put("PARLEY_AUTH_JWKS_URL", "http://parley-auth-service:8080/api/auth/jwks");
        assertReported(check.check(good.withEnv(env)), "reaches auth-service on port 8080");
    }

    @Test
    void wrongDatabaseOrJwksPathIsReported() {
        ContainerWiring good = chartWiring(chart, "session-service");
        Map<String, String> env = new HashMap<>(good.env());
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://db:5432/session");
        env.put("PARLEY_AUTH_JWKS_URL", "http://parley-auth-service:8081/jwks");
        assertReported(check.check(good.withEnv(env)), "has path /session but quarkus.datasource.reactive.url expects /sessions",
                "has path /jwks");
    }

    @Test
    void misspeltKubernetesFieldIsReported() {
        String broken = chart.yaml().replaceFirst("readinessProbe:", "readinesProbe:");
        assertReported(KubernetesModelCheck.check(RenderedChart.parse(broken).objects()),
                "[readinesProbe] unknown to the Kubernetes model");
    }

    @Test
    void serviceTargetingAPortNoContainerHasIsReported() {
        String broken = chart.yaml().replace("targetPort: http", "targetPort: web");
        assertReported(KubernetesModelCheck.check(RenderedChart.parse(broken).objects()),
                "targetPort web is no container port");
    }

    @Test
    void secretKeyTheChartDoesNotRenderIsReported() {
        String broken = chart.yaml().replace("key: password", "key: passwd");
        assertReported(KubernetesModelCheck.check(RenderedChart.parse(broken).objects()), "has no key passwd");
    }

    @Test
    void composeWithAWrongEnvironmentNameOrPortIsReported() {
        ComposeFile broken = ComposeFile.parse(composeText
                .replace("QUARKUS_DATASOURCE_JDBC_URL: jdbc:postgresql://postgres:5432/chat",
                        "QUARKUS_DATASOURCE_JDBC_URI: jdbc:postgresql://postgres:5432/chat")
                .replace("expose: [\"8082\", \"9082\"]", "expose: [\"8092\", \"9092\"]"));
        assertReported(check.check(broken.wiring("chat-service")),
                "QUARKUS_DATASOURCE_JDBC_URI maps to no property", "port 8092 but quarkus.http.port is 8082",
                "management port 9092 but quarkus.management.port is 9082",
                "quarkus.datasource.jdbc.url defaults to");
    }

    @Test
    void dockerfileWithAWrongPortOrHealthPathIsReported() {
        Map<String, String> args = ComposeFile.parse(composeText).buildArgs("media-service");
        assertEquals(List.of(), check.checkPortsAndProbes(Dockerfile.forService("media-service", args).wiring()));
        // the port compose builds the image with
        Map<String, String> wrongPort = new HashMap<>(args);
        wrongPort.put("HTTP_PORT", "8048");
        wrongPort.put("MANAGEMENT_PORT", "9048");
        assertReported(check.checkPortsAndProbes(Dockerfile.forService("media-service", wrongPort).wiring()),
                "port 8048 but quarkus.http.port is 8084", "management port 9048 but quarkus.management.port is 9084",
                "healthcheck probe on port 9048");
        // the Dockerfile's health path, and a HEALTHCHECK that stopped following the build argument
        String text = Repository.read(Repository.dockerfile());
        Dockerfile broken = Dockerfile.parse("deploy/docker/Dockerfile.jvm", null, text
                .replace("GET /q/health/ready", "GET /health").replace(":-${MANAGEMENT_PORT}}", ":-8084}"))
                .resolved("media-service", args);
        assertReported(check.checkPortsAndProbes(broken.wiring()),
                "healthcheck checks /health, not a SmallRye Health path",
                "healthcheck probe on port 8084 but /q/health is served on quarkus.management.port 9084");
    }

    @Test
    void aNewPropertyPointingAtLocalhostMustBeWired() {
        // what happens when an engineer adds e.g. the gateway's URL of auth-service: CI turns red until it is wired
        String properties = Repository.read(Repository.applicationProperties("gateway"))
                + "\nparley.gateway.example-upstream-url=http://127.0.0.1:8081\n";
        WiringCheck withNewProperty = new WiringCheck(Map.of("gateway", ServiceConfig.parse("gateway", properties),
                "auth-service", ServiceConfig.load("auth-service")));
        assertReported(withNewProperty.check(chartWiring(chart, "gateway")),
                "parley.gateway.example-upstream-url defaults to http://127.0.0.1:8081",
                "PARLEY_GATEWAY_EXAMPLE_UPSTREAM_URL");
    }

    @Test
    void environmentNamesMapToPropertiesTheQuarkusWay() {
        ServiceConfig config = ServiceConfig.parse("x", String.join("\n",
                "quarkus.http.port=1234",
                "parley.gateway.heartbeat-interval=5s",
                "%prod.quarkus.log.console.json.enabled=true",
                "%test.parley.only-in-tests=1",
                "mp.jwt.verify.issuer=${PARLEY_JWT_ISSUER:https://chat.example/auth}",
                "# an optional property documented without a default may be set from the environment:",
                "#parley.admin.username=",
                "# e.g. file:/etc/parley/jwt/private.pem"));
        assertEquals(Optional.of("parley.gateway.heartbeat-interval"), config.propertyFor("PARLEY_GATEWAY_HEARTBEAT_INTERVAL"));
        assertEquals(Optional.of("quarkus.log.console.json.enabled"), config.propertyFor("QUARKUS_LOG_CONSOLE_JSON_ENABLED"));
        assertEquals(Optional.empty(), config.propertyFor("PARLEY_GATEWAY_HEARTBEAT"));
        assertEquals(Optional.of("parley.admin.username"), config.propertyFor("PARLEY_ADMIN_USERNAME"));
        assertEquals(Optional.empty(), config.propertyFor("E_G__FILE"));
        assertTrue(config.referencedEnv().contains("PARLEY_JWT_ISSUER"));
        assertEquals(1234, config.httpPort());
        assertEquals(null, config.managementPort(), "no management interface: health on the HTTP port");
        assertEquals(1234, config.healthPort());
        ServiceConfig managed = ServiceConfig.parse("x", String.join("\n", "quarkus.http.port=1234",
                "quarkus.management.enabled=true", "quarkus.management.port=${MGMT_PORT:4321}",
                "%test.quarkus.management.enabled=false"));
        assertEquals(4321, managed.managementPort(), "the production value, not the test profile's");
        assertEquals(4321, managed.healthPort());
        assertTrue(!config.productionProperties().contains("parley.only-in-tests"));
        assertEquals(Optional.empty(), config.propertyFor("PARLEY_ONLY_IN_TESTS"));
    }
}
