package io.parley.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The instructions of a service's Dockerfile.jvm that a deployment depends on. */
record Dockerfile(String service, List<String> instructions) {

    static Dockerfile load(String service) {
        return parse(service, Repository.read(Repository.dockerfile(service)));
    }

    static Dockerfile parse(String service, String text) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            instructions.add(current.toString());
            current.setLength(0);
        }
        return new Dockerfile(service, List.copyOf(instructions));
    }

    List<String> all(String keyword) {
        return instructions.stream().filter(i -> i.regionMatches(true, 0, keyword + " ", 0, keyword.length() + 1))
                .map(i -> i.substring(keyword.length() + 1).strip()).toList();
    }

    /** EXPOSE and the HEALTHCHECK's request (path and port, the port as the ${QUARKUS_HTTP_PORT:-N} default). */
    ContainerWiring wiring() {
        List<String> exposed = all("EXPOSE");
        Integer port = exposed.isEmpty() ? null : Integer.parseInt(exposed.get(0).split("\\s+")[0].replace("/tcp", ""));
        Map<String, ContainerWiring.Probe> probes = new java.util.LinkedHashMap<>();
        for (String healthcheck : all("HEALTHCHECK")) {
            Matcher portMatch = Pattern.compile("/dev/tcp/[^/]+/\\$\\{QUARKUS_HTTP_PORT:-(\\d+)}").matcher(healthcheck);
            Matcher pathMatch = Pattern.compile("GET (\\S+) HTTP").matcher(healthcheck);
            probes.put("healthcheck", new ContainerWiring.Probe(pathMatch.find() ? pathMatch.group(1) : "(none)",
                    portMatch.find() ? Integer.valueOf(portMatch.group(1)) : null));
        }
        return new ContainerWiring(service + "/src/main/docker/Dockerfile.jvm", service, Map.of(), port, probes);
    }
}
