package io.parley.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** docker-compose.yml as Compose reads it: merge keys resolved, ${VAR:-default} taken at its default. */
record ComposeFile(Map<String, Object> root, Map<String, Map<String, Object>> services) {

    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::?-([^}]*))?}");

    static ComposeFile load() {
        return parse(Repository.read(Repository.root().resolve("docker-compose.yml")));
    }

    /** Files merged as `docker compose -f first -f second` would (service by service, environment key by key). */
    ComposeFile overriddenBy(ComposeFile override) {
        Map<String, Map<String, Object>> merged = new LinkedHashMap<>(services);
        override.services().forEach((name, overrides) -> {
            Map<String, Object> service = new LinkedHashMap<>(merged.getOrDefault(name, Map.of()));
            overrides.forEach((key, value) -> {
                if (key.equals("environment") && value instanceof Map<?, ?> extra
                        && service.get(key) instanceof Map<?, ?> base) {
                    Map<Object, Object> env = new LinkedHashMap<>(base);
                    env.putAll(extra);
                    service.put(key, env);
                } else {
                    service.put(key, value);
                }
            });
            merged.put(name, service);
        });
        return new ComposeFile(root, merged);
    }

    @SuppressWarnings("unchecked")
    static ComposeFile parse(String yaml) {
        Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) root.get("services");
        if (services == null) {
            throw new IllegalStateException("docker-compose.yml has no services");
        }
        return new ComposeFile(root, services);
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = services.get(name);
        if (service == null) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** environment: as a map or as a list of NAME=value, values interpolated with their defaults. */
    @SuppressWarnings("unchecked")
    Map<String, String> environment(String name) {
        Object env = service(name).get("environment");
        Map<String, String> out = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : interpolate(String.valueOf(v))));
        } else if (env instanceof List<?> list) {
            for (Object item : list) {
                String entry = String.valueOf(item);
                int eq = entry.indexOf('=');
                out.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? null : interpolate(entry.substring(eq + 1)));
            }
        }
        return out;
    }

    /** The container ports a service declares (expose:), which must be the port the service listens on. */
    List<Integer> exposed(String name) {
        List<Integer> ports = new ArrayList<>();
        Object expose = service(name).get("expose");
        if (expose instanceof List<?> list) {
            list.forEach(p -> ports.add(Integer.parseInt(String.valueOf(p).replace("/tcp", ""))));
        }
        return ports;
    }

    /** Container ports published to the host (the part after the last ':' of "host:container"). */
    List<Integer> publishedTargets(String name) {
        List<Integer> ports = new ArrayList<>();
        Object published = service(name).get("ports");
        if (published instanceof List<?> list) {
            for (Object p : list) {
                if (p instanceof Map<?, ?> longForm) {
                    ports.add(Integer.parseInt(String.valueOf(longForm.get("target"))));
                } else {
                    String spec = interpolate(String.valueOf(p)).replace("/tcp", "");
                    ports.add(Integer.parseInt(spec.substring(spec.lastIndexOf(':') + 1)));
                }
            }
        }
        return ports;
    }

    /** depends_on as service name to condition (a plain list means service_started). */
    @SuppressWarnings("unchecked")
    Map<String, String> dependsOn(String name) {
        Object deps = service(name).get("depends_on");
        Map<String, String> out = new LinkedHashMap<>();
        if (deps instanceof List<?> list) {
            list.forEach(d -> out.put(String.valueOf(d), "service_started"));
        } else if (deps instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Map<?, ?> m && m.get("condition") != null
                    ? String.valueOf(m.get("condition")) : "service_started"));
        }
        return out;
    }

    /** build: of a service (context, dockerfile, args); empty when it is not built here. */
    @SuppressWarnings("unchecked")
    Map<String, Object> build(String name) {
        Object build = service(name).get("build");
        return build instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** build.args, as a map or a list of NAME=value, values interpolated with their defaults. */
    Map<String, String> buildArgs(String name) {
        Object args = build(name).get("args");
        Map<String, String> out = new LinkedHashMap<>();
        if (args instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : interpolate(String.valueOf(v))));
        } else if (args instanceof List<?> list) {
            for (Object item : list) {
                String entry = String.valueOf(item);
                int eq = entry.indexOf('=');
                out.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? null : interpolate(entry.substring(eq + 1)));
            }
        }
        return out;
    }

    /** A service's value as written, before interpolation (e.g. image: ${KAFKA_IMAGE:-apache/kafka:4.1.2}). */
    String raw(String name, String key) {
        Object value = service(name).get(key);
        return value == null ? null : String.valueOf(value);
    }

    /** volumes: of a service in the short form, as source to container path. */
    Map<String, String> volumes(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        Object volumes = service(name).get("volumes");
        if (volumes instanceof List<?> list) {
            for (Object v : list) {
                String[] parts = String.valueOf(v).split(":");
                out.put(parts[0], parts.length > 1 ? parts[1] : parts[0]);
            }
        }
        return out;
    }

    /** The named volumes declared at the top level. */
    Set<String> namedVolumes() {
        Object volumes = root.get("volumes");
        return volumes instanceof Map<?, ?> map ? map.keySet().stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)) : Set.of();
    }

    /** expose: lists the API port first, then the management port (health and metrics). */
    ContainerWiring wiring(String name) {
        List<Integer> exposed = exposed(name);
        return new ContainerWiring("docker-compose.yml service " + name, name, environment(name),
                exposed.isEmpty() ? null : exposed.get(0), exposed.size() < 2 ? null : exposed.get(1), Map.of());
    }

    static String interpolate(String value) {
        return ServiceConfig.withDefaults(INTERPOLATION, value);
    }
}
