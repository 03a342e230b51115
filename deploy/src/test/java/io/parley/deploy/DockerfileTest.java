package io.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/docker/Dockerfile.jvm, the one image recipe of the five services, as docker-compose.yml builds it for each:
 * fast-jar layout, non-root, the JVM sized from the container's limit, a version label, the base image a parameter
 * with a public default, and each service's port and HEALTHCHECK.
 */
class DockerfileTest {

    static List<String> services() {
        return Repository.SERVICES;
    }

    static Dockerfile builtFor(String service) {
        return Dockerfile.forService(service, ComposeFile.load().buildArgs(service));
    }

    @ParameterizedTest
    @MethodSource("services")
    void exposesAndHealthChecksTheServicePort(String service) {
        Dockerfile dockerfile = builtFor(service);
        assertEquals(1, dockerfile.all("HEALTHCHECK").size(), "one HEALTHCHECK");
        List<String> problems = WiringCheck.ofRepository().checkPortsAndProbes(dockerfile.wiring());
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyBuildArgumentIsOneTheDockerfileDeclaresAndEveryRequiredOneIsGiven(String service) {
        Map<String, String> declared = Dockerfile.shared().args();
        Map<String, String> given = ComposeFile.load().buildArgs(service);
        for (String arg : given.keySet()) {
            // Docker only warns about an argument nothing consumes: a misspelt one would be silently ignored
            assertTrue(declared.containsKey(arg), service + ": build argument " + arg + " is no ARG of the Dockerfile");
        }
        declared.forEach((arg, defaultValue) -> {
            if (defaultValue == null) {
                assertNotNull(given.get(arg), service + ": docker-compose.yml gives no " + arg);
            }
        });
        assertEquals(service, given.get("SERVICE"));
    }

    @Test
    void runsTheFastJarAsANonRootUser() {
        Dockerfile dockerfile = Dockerfile.shared();
        List<String> users = dockerfile.all("USER");
        assertFalse(users.isEmpty(), "no USER: the image would run as root");
        String user = users.get(users.size() - 1);
        assertFalse(user.equals("0") || user.startsWith("root") || user.startsWith("0:"), "runs as " + user);
        List<String> copies = dockerfile.all("COPY");
        for (String part : List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/",
                "target/quarkus-app/quarkus/")) {
            assertTrue(copies.stream().anyMatch(c -> c.contains(part)), "copies " + part);
        }
        assertEquals("/deployments/quarkus-run.jar", dockerfile.env().get("JAVA_APP_JAR"));
        assertTrue(entrypoint(dockerfile).contains("-jar \\\"$JAVA_APP_JAR\\\""), "the entrypoint runs JAVA_APP_JAR");
    }

    @Test
    void theJvmIsSizedFromTheContainersMemoryLimit() {
        Dockerfile dockerfile = Dockerfile.shared();
        String options = dockerfile.env().get("JAVA_OPTS");
        assertNotNull(options, "no ENV JAVA_OPTS");
        Matcher heap = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)").matcher(options);
        assertTrue(heap.find(), "the heap follows the container's limit (MaxRAMPercentage): " + options);
        double percent = Double.parseDouble(heap.group(1));
        assertTrue(percent >= 50 && percent <= 60, "heap " + percent + " % of the limit, expected 50-60 %");
        assertFalse(options.contains("-Xmx"), "a fixed -Xmx would ignore the container's limit: " + options);
        assertTrue(options.contains("-XX:+UseG1GC"), "G1 (the JVM picks Serial on small containers): " + options);
        assertTrue(options.matches(".*-XX:MaxDirectMemorySize=\\d+[kKmMgG]?( .*|$)"), "direct memory capped: " + options);
        // and the options reach the JVM, JAVA_OPTS_APPEND after them so that a deployment can override
        String entrypoint = entrypoint(dockerfile);
        assertTrue(entrypoint.contains("exec java $JAVA_OPTS $JAVA_OPTS_APPEND "), entrypoint);
    }

    @ParameterizedTest
    @MethodSource("services")
    void theImageIsLabelledWithTheProjectVersion(String service) {
        String labels = String.join(" ", builtFor(service).all("LABEL"));
        String version = ComposeFileTest.projectVersion();
        assertTrue(labels.contains("org.opencontainers.image.version=\"" + version + "\""), labels);
        assertTrue(labels.contains("org.opencontainers.image.title=\"parley-" + service + "\""), labels);
    }

    @Test
    void theBaseImageIsAParameterWithAPublicPinnedDefault() {
        Dockerfile dockerfile = Dockerfile.shared();
        String first = dockerfile.instructions().get(0);
        assertTrue(first.startsWith("ARG BASE_IMAGE="), "ARG BASE_IMAGE=<default> comes before FROM: " + first);
        assertEquals(List.of("${BASE_IMAGE}"), dockerfile.all("FROM"), "one stage, FROM the parameter");
        String base = dockerfile.args().get("BASE_IMAGE");
        String tag = base.substring(base.lastIndexOf(':') + 1);
        assertTrue(base.contains(":") && !tag.equals("latest") && !tag.contains("/"), "base image pinned to a tag: " + base);
        assertFalse(base.startsWith("parley"), "the published default is a public image, not a local one: " + base);
        // docker-compose.yml passes the same default, so that `docker compose build` and `docker build` agree
        for (String service : Repository.SERVICES) {
            assertEquals(base, ComposeFile.load().buildArgs(service).get("BASE_IMAGE"), service);
        }
    }

    @Test
    void theServicesHaveNoDockerfilesOfTheirOwn() {
        for (String service : Repository.SERVICES) {
            assertFalse(Files.exists(Repository.root().resolve(service).resolve("src/main/docker")),
                    service + "/src/main/docker: one Dockerfile for all (deploy/docker/Dockerfile.jvm), no copies to drift");
        }
    }

    private static String entrypoint(Dockerfile dockerfile) {
        List<String> entrypoints = dockerfile.all("ENTRYPOINT");
        assertEquals(1, entrypoints.size(), "one ENTRYPOINT");
        return entrypoints.get(0);
    }
}
