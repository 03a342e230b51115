package io.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each service's src/main/docker/Dockerfile.jvm: fast-jar layout, non-root, port and HEALTHCHECK of the service. */
class DockerfileTest {

    static List<String> services() {
        return Repository.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void exposesAndHealthChecksTheServicePort(String service) {
        Dockerfile dockerfile = Dockerfile.load(service);
        assertEquals(1, dockerfile.all("HEALTHCHECK").size(), "one HEALTHCHECK");
        List<String> problems = WiringCheck.ofRepository().checkPortsAndProbes(dockerfile.wiring());
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @ParameterizedTest
    @MethodSource("services")
    void runsTheFastJarAsANonRootUser(String service) {
        Dockerfile dockerfile = Dockerfile.load(service);
        List<String> users = dockerfile.all("USER");
        assertFalse(users.isEmpty(), "no USER: the image would run as root");
        String user = users.get(users.size() - 1);
        assertFalse(user.equals("0") || user.startsWith("root") || user.startsWith("0:"), "runs as " + user);
        List<String> copies = dockerfile.all("COPY");
        for (String part : List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/",
                "target/quarkus-app/quarkus/")) {
            assertTrue(copies.stream().anyMatch(c -> c.contains(part)), "copies " + part);
        }
        assertTrue(dockerfile.all("ENV").stream().anyMatch(e -> e.contains("/deployments/quarkus-run.jar")));
        String from = dockerfile.all("FROM").get(0);
        assertTrue(from.contains(":") && !from.endsWith(":latest"), "base image pinned to a tag: " + from);
    }
}
