package io.parley.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the local infrastructure lives and listens. Every value comes from an environment variable with a default,
 * so a laptop, CI and a second checkout can each pick their own ports.
 *
 * @param root           the repository root (holds {@code parley} and the modules)
 * @param home           data, logs and pid files ({@code PARLEY_HOME}, default {@code <root>/.parley})
 * @param kafkaPort      broker listener ({@code PARLEY_KAFKA_PORT}, default 9092)
 * @param controllerPort KRaft controller listener ({@code PARLEY_KAFKA_CONTROLLER_PORT}, default 9093)
 * @param pgPort         embedded PostgreSQL ({@code PARLEY_PG_PORT}, default 15432, never the system 5432)
 * @param externalKafka  {@code KAFKA_BOOTSTRAP_SERVERS}: an external cluster to use instead of the embedded broker
 * @param externalPg     {@code PARLEY_PG_URL} ({@code host:port}): an external server instead of the embedded one
 * @param pgUser         {@code PARLEY_PG_USER}, default postgres
 * @param pgPassword     {@code PARLEY_PG_PASSWORD}, default postgres
 * @param secure         {@code PARLEY_SECURE=true}: the embedded Kafka and PostgreSQL require TLS and a login per
 *                       service, with least privilege (docs/security.md); default false, open and local
 */
public record DevstackConfig(Path root, Path home, int kafkaPort, int controllerPort, int pgPort,
        Optional<String> externalKafka, Optional<String> externalPg, String pgUser, String pgPassword,
        boolean secure) {

    /** The databases of ARCHITECTURE.md, one per service. */
    public static final List<String> DATABASES = List.of("auth", "chat", "sessions", "media");

    public static DevstackConfig fromEnvironment(Path root) {
        Map<String, String> env = System.getenv();
        Path home = Optional.ofNullable(env.get("PARLEY_HOME")).map(Path::of).orElse(root.resolve(".parley"));
        return new DevstackConfig(root, home.toAbsolutePath(),
                intEnv(env, "PARLEY_KAFKA_PORT", 9092),
                intEnv(env, "PARLEY_KAFKA_CONTROLLER_PORT", 9093),
                intEnv(env, "PARLEY_PG_PORT", 15432),
                nonBlank(env.get("KAFKA_BOOTSTRAP_SERVERS")),
                nonBlank(env.get("PARLEY_PG_URL")),
                env.getOrDefault("PARLEY_PG_USER", "postgres"),
                env.getOrDefault("PARLEY_PG_PASSWORD", "postgres"),
                booleanEnv(env, "PARLEY_SECURE"));
    }

    /** The repository root: the nearest directory at or above {@code start} that holds the {@code parley} launcher. */
    public static Path findRoot(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("parley")) && Files.isDirectory(dir.resolve("devstack"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Parley repository root above " + start.toAbsolutePath());
    }

    public String kafkaBootstrap() {
        return externalKafka.orElse("127.0.0.1:" + kafkaPort);
    }

    public String pgHostPort() {
        return externalPg.orElse("127.0.0.1:" + pgPort);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + pgHostPort() + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + pgHostPort() + "/" + database;
    }

    public Path logs() {
        return home.resolve("logs");
    }

    /** The secure mode's generated CA, certificates and passwords ({@link DevstackTls}). */
    public Path tls() {
        return home.resolve("tls");
    }

    private static int intEnv(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, got '" + value + "'");
        }
    }

    private static boolean booleanEnv(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
        };
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
