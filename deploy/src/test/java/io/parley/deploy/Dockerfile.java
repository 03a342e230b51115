package io.parley.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile that a deployment depends on. The services share one, deploy/docker/Dockerfile.jvm,
 * built once per service with build arguments ({@link #forService}): its ARG and ENV values are then substituted into
 * the instructions, as Docker does at build time and the container's shell at run time (the HEALTHCHECK's port).
 */
record Dockerfile(String origin, String service, List<String> instructions) {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");

    /** The services' shared Dockerfile as it is, before any build argument. */
    static Dockerfile shared() {
        return parse(Repository.relative(Repository.dockerfile()), null, Repository.read(Repository.dockerfile()));
    }

    /** The shared Dockerfile as built for {@code service} with {@code buildArgs} (docker-compose.yml's build.args). */
    static Dockerfile forService(String service, Map<String, String> buildArgs) {
        return shared().resolved(service, buildArgs);
    }

    static Dockerfile parse(String origin, String service, String text) {
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
        return new Dockerfile(origin, service, List.copyOf(instructions));
    }

    /**
     * The instructions with every ${NAME} or $NAME of an ARG (its build argument, else its default) or ENV declared
     * before replaced by its value; other references (QUARKUS_HTTP_PORT, the shell's own) stay as they are.
     */
    Dockerfile resolved(String forService, Map<String, String> buildArgs) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (String instruction : instructions) {
            String substituted = substitute(instruction, values);
            out.add(substituted);
            String keyword = keyword(instruction);
            String rest = substituted.substring(keyword.length()).strip();
            if (keyword.equals("ARG")) {
                int eq = rest.indexOf('=');
                String name = eq < 0 ? rest : rest.substring(0, eq);
                String value = buildArgs.containsKey(name) ? buildArgs.get(name) : eq < 0 ? null : unquote(rest.substring(eq + 1));
                if (value != null) {
                    values.put(name, value);
                }
            } else if (keyword.equals("ENV")) {
                Matcher m = ASSIGNMENT.matcher(rest);
                while (m.find()) {
                    values.put(m.group(1), unquote(m.group(2)));
                }
            }
        }
        return new Dockerfile(origin + " for " + forService, forService, List.copyOf(out));
    }

    /** The arguments the file declares (ARG), with their default or null when it has none. */
    Map<String, String> args() {
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : all("ARG")) {
            int eq = arg.indexOf('=');
            args.put(eq < 0 ? arg : arg.substring(0, eq), eq < 0 ? null : unquote(arg.substring(eq + 1)));
        }
        return args;
    }

    /** The variables ENV sets, with their values as written. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String declaration : all("ENV")) {
            Matcher m = ASSIGNMENT.matcher(declaration);
            while (m.find()) {
                env.put(m.group(1), unquote(m.group(2)));
            }
        }
        return env;
    }

    List<String> all(String keyword) {
        return instructions.stream().filter(i -> i.regionMatches(true, 0, keyword + " ", 0, keyword.length() + 1))
                .map(i -> i.substring(keyword.length() + 1).strip()).toList();
    }

    /**
     * EXPOSE (the API port, then the management port) and the HEALTHCHECK's request (path and port, the port as the
     * ${QUARKUS_MANAGEMENT_PORT:-N} or ${QUARKUS_HTTP_PORT:-N} default).
     */
    ContainerWiring wiring() {
        List<String> exposed = all("EXPOSE").stream().flatMap(e -> java.util.Arrays.stream(e.split("\\s+")))
                .map(p -> p.replace("/tcp", "")).toList();
        Integer port = exposed.isEmpty() || !exposed.get(0).matches("\\d+") ? null : Integer.valueOf(exposed.get(0));
        Integer management = exposed.size() < 2 || !exposed.get(1).matches("\\d+") ? null
                : Integer.valueOf(exposed.get(1));
        Map<String, ContainerWiring.Probe> probes = new LinkedHashMap<>();
        for (String healthcheck : all("HEALTHCHECK")) {
            Matcher portMatch = Pattern.compile("/dev/tcp/[^/]+/\\$\\{QUARKUS_(?:MANAGEMENT|HTTP)_PORT:-(\\d+)}")
                    .matcher(healthcheck);
            Matcher pathMatch = Pattern.compile("GET (\\S+) HTTP").matcher(healthcheck);
            probes.put("healthcheck", new ContainerWiring.Probe(pathMatch.find() ? pathMatch.group(1) : "(none)",
                    portMatch.find() ? Integer.valueOf(portMatch.group(1)) : null));
        }
        return new ContainerWiring(origin, service, Map.of(), port, management, probes);
    }

    private static String keyword(String instruction) {
        int space = instruction.indexOf(' ');
        return (space < 0 ? instruction : instruction.substring(0, space)).toUpperCase();
    }

    private static String substitute(String text, Map<String, String> values) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(name, m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1).replace("\\\"", "\"") : value;
    }
}
