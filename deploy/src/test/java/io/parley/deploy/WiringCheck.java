package io.parley.deploy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agreement every deployment artefact must keep with the services' application.properties. Each method returns
 * the problems found, one readable sentence each; an empty list means the wiring agrees.
 */
final class WiringCheck {

    /**
     * Variables a container may set that are no property of application.properties, each with the reason it is
     * legitimate. Keep this short: everything else must be a property the service really reads.
     */
    static final Map<String, String> WELL_KNOWN_ENV = Map.ofEntries(
            Map.entry("JAVA_OPTS_APPEND", "read by the entrypoint of deploy/docker/Dockerfile.jvm (JVM flags after the "
                    + "image's own), not by Quarkus"),
            Map.entry("QUARKUS_SHUTDOWN_TIMEOUT", "Quarkus core graceful shutdown; the deployment owns it because it must "
                    + "fit the pod's terminationGracePeriodSeconds (the gateway's drain)"),
            Map.entry("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "Quarkus core; behind an Ingress the per-IP limits "
                    + "need the client's address from X-Forwarded-For, which only the deployment knows to trust"),
            Map.entry("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "Quarkus core; see QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING"),
            Map.entry("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "Quarkus core; the cluster's proxy addresses, known only at "
                    + "deployment"),
            Map.entry("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "Quarkus core (Agroal, the migrations' JDBC pool); how "
                    + "long a start may wait for its first connection depends on the machine the deployment runs on"),
            // PostgreSQL over TLS (issue 18.4): the reactive client's own settings, the names of the contract
            Map.entry("QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE", "Quarkus reactive PostgreSQL client; TLS to the "
                    + "deployment's database server"),
            Map.entry("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM", "Quarkus reactive datasource; trust the CA "
                    + "PEM the deployment mounts"),
            Map.entry("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS", "Quarkus reactive datasource; the path "
                    + "of that PEM"),
            Map.entry("QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM", "Quarkus reactive datasource; HTTPS "
                    + "checks the server's name (verify-full)"),
            Map.entry("QUARKUS_DATASOURCE_REACTIVE_TRUST_ALL", "Quarkus reactive datasource; sslmode require means "
                    + "encrypted without checking the certificate, as libpq and the JDBC driver do"));

    /**
     * Names fixed by issue 18's contract that a service reads (the kit's InternalSettings, @ConfigMapping
     * parley.internal) but its application.properties sets for %test only, so the general rule cannot see them; each
     * only for the services the contract gives it. To drop when the files document them for production
     * (#parley.internal.private-key-location= in the gateway's, #parley.internal.public-key-location= in chat's and
     * session's).
     */
    static final Map<String, java.util.Set<String>> CONTRACT_PENDING = Map.of(
            "PARLEY_INTERNAL_PRIVATE_KEY_LOCATION", java.util.Set.of("gateway"),
            "PARLEY_INTERNAL_PUBLIC_KEY_LOCATION", java.util.Set.of("chat-service", "session-service"));

    /**
     * The Kafka client settings a deployment may set as KAFKA_<NAME> (issue 18.1): a service hands every kafka.*
     * setting to all its clients (the SmallRye channels, and the hand-built ones through the kit's KafkaClients), so
     * they need no line in application.properties. Only names Kafka's producer, consumer and admin clients define
     * (kafka-clients' own ConfigDefs): a misspelt one would be passed to Kafka and ignored.
     */
    static final java.util.Set<String> KAFKA_CLIENT_SETTINGS;

    static {
        java.util.Set<String> names = new java.util.TreeSet<>();
        names.addAll(org.apache.kafka.clients.producer.ProducerConfig.configNames());
        names.addAll(org.apache.kafka.clients.consumer.ConsumerConfig.configNames());
        names.addAll(org.apache.kafka.clients.admin.AdminClientConfig.configNames());
        KAFKA_CLIENT_SETTINGS = java.util.Set.copyOf(names);
    }

    /**
     * Variables that exist only to be expanded into another variable of the same container by Kubernetes ($(NAME)),
     * e.g. the SASL password from a Secret inside KAFKA_SASL_JAAS_CONFIG. They carry this prefix, which no property
     * of any service has, and must be used by another variable.
     */
    static final String EXPANSION_ONLY_PREFIX = "PARLEY_K8S_";

    static final Map<String, String> HEALTH_PATHS = Map.of(
            "liveness", "/q/health/live",
            "readiness", "/q/health/ready",
            "startup", "/q/health/started");

    private final Map<String, ServiceConfig> configs;

    WiringCheck(Map<String, ServiceConfig> configs) {
        this.configs = configs;
    }

    static WiringCheck ofRepository() {
        Map<String, ServiceConfig> configs = new java.util.LinkedHashMap<>();
        for (String service : Repository.SERVICES) {
            configs.put(service, ServiceConfig.load(service));
        }
        return new WiringCheck(configs);
    }

    ServiceConfig config(String service) {
        ServiceConfig config = configs.get(service);
        if (config == null) {
            throw new IllegalArgumentException("unknown service " + service);
        }
        return config;
    }

    /** Everything: port, probes and the environment of a running container (chart Deployment, compose service). */
    List<String> check(ContainerWiring wiring) {
        List<String> problems = checkPortsAndProbes(wiring);
        ServiceConfig config = configs.get(wiring.service());
        if (config != null) {
            String where = wiring.origin() + " (" + wiring.service() + ")";
            checkEnvNames(wiring, config, where, problems);
            checkLocalDefaultsOverridden(wiring, config, where, problems);
            checkServiceUrls(wiring, where, problems);
        }
        return problems;
    }

    /** Port and health checks only: for an image, whose environment the deployment gives later. */
    List<String> checkPortsAndProbes(ContainerWiring wiring) {
        List<String> problems = new ArrayList<>();
        ServiceConfig config = configs.get(wiring.service());
        String where = wiring.origin() + " (" + wiring.service() + ")";
        if (config == null) {
            problems.add(where + ": no Parley service of that name");
            return problems;
        }
        if (wiring.containerPort() == null) {
            problems.add(where + ": declares no port (quarkus.http.port is " + config.httpPort() + ")");
        }
        checkPort(wiring, config, where, problems);
        checkProbes(wiring, config, where, problems);
        return problems;
    }

    private static void checkPort(ContainerWiring wiring, ServiceConfig config, String where, List<String> problems) {
        if (wiring.containerPort() != null && wiring.containerPort() != config.httpPort()) {
            problems.add(where + ": port " + wiring.containerPort() + " but quarkus.http.port is " + config.httpPort());
        }
        Integer management = config.managementPort();
        if (management != null && wiring.managementPort() == null) {
            problems.add(where + ": declares no management port (quarkus.management.port is " + management + ")");
        } else if (management != null && !management.equals(wiring.managementPort())) {
            problems.add(where + ": management port " + wiring.managementPort() + " but quarkus.management.port is "
                    + management);
        } else if (management == null && wiring.managementPort() != null) {
            problems.add(where + ": management port " + wiring.managementPort()
                    + " but the service has no management interface (quarkus.management.enabled)");
        }
    }

    private static void checkProbes(ContainerWiring wiring, ServiceConfig config, String where, List<String> problems) {
        wiring.probes().forEach((kind, probe) -> {
            String expected = HEALTH_PATHS.get(kind);
            if (expected != null && !expected.equals(probe.path())) {
                problems.add(where + ": " + kind + " probe on " + probe.path() + ", expected " + expected);
            }
            if (expected == null && !HEALTH_PATHS.containsValue(probe.path())) {
                problems.add(where + ": " + kind + " checks " + probe.path() + ", not a SmallRye Health path");
            }
            if (probe.port() == null || probe.port() != config.healthPort()) {
                problems.add(where + ": " + kind + " probe on port " + probe.port() + " but /q/health is served on "
                        + config.healthPortProperty() + " " + config.healthPort());
            }
        });
    }

    private static void checkEnvNames(ContainerWiring wiring, ServiceConfig config, String where, List<String> problems) {
        for (String name : wiring.env().keySet()) {
            boolean known = config.propertyFor(name).isPresent() || config.referencedEnv().contains(name)
                    || WELL_KNOWN_ENV.containsKey(name) || CONTRACT_PENDING.getOrDefault(name, java.util.Set.of()).contains(config.service())
                    || isKafkaClientSetting(name, config)
                    || expandedIntoAnother(name, wiring);
            if (!known) {
                problems.add(where + ": environment variable " + name + " maps to no property of "
                        + config.service() + "/src/main/resources/application.properties (" +
                        "it would be ignored)");
            }
        }
    }

    /** KAFKA_SASL_JAAS_CONFIG and the like, for a service that is a Kafka client (it sets kafka.bootstrap.servers). */
    static boolean isKafkaClientSetting(String envName, ServiceConfig config) {
        return envName.startsWith("KAFKA_") && config.productionValue("kafka.bootstrap.servers").isPresent()
                && KAFKA_CLIENT_SETTINGS.contains(envName.substring("KAFKA_".length()).toLowerCase().replace('_', '.'));
    }

    private static boolean expandedIntoAnother(String name, ContainerWiring wiring) {
        return name.startsWith(EXPANSION_ONLY_PREFIX) && wiring.env().entrySet().stream()
                .anyMatch(e -> !e.getKey().equals(name) && e.getValue() != null && e.getValue().contains("$(" + name + ")"));
    }

    /**
     * A property whose production default points at this machine (127.0.0.1 or localhost: the devstack) is wrong in
     * a container, so the deployment must override it; and an overriding URL must keep the default's path (the
     * database name, /api/auth/jwks), only host and port change.
     */
    private static void checkLocalDefaultsOverridden(ContainerWiring wiring, ServiceConfig config, String where,
                                                     List<String> problems) {
        for (String property : config.productionProperties()) {
            String value = config.productionValue(property).orElse("");
            if (!pointsAtLocalhost(value)) {
                continue;
            }
            List<String> overriding = new ArrayList<>();
            overriding.add(ServiceConfig.envNameOf(property));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(value);
            while (m.find()) {
                overriding.add(m.group(1));
            }
            Optional<String> setBy = overriding.stream().filter(wiring.env()::containsKey).findFirst();
            if (setBy.isEmpty()) {
                problems.add(where + ": " + property + " defaults to " + value + " (this machine) and none of "
                        + overriding + " overrides it");
                continue;
            }
            String given = wiring.env().get(setBy.get());
            String defaultPath = pathOf(ServiceConfig.resolveDefaults(value));
            if (given != null && defaultPath != null && !defaultPath.equals(pathOf(given))) {
                problems.add(where + ": " + setBy.get() + "=" + given + " has path " + pathOf(given)
                        + " but " + property + " expects " + defaultPath);
            }
        }
    }

    /** http://<host>:<port> naming a Parley service (host auth-service, or <release>-auth-service) must use its port. */
    private void checkServiceUrls(ContainerWiring wiring, String where, List<String> problems) {
        wiring.env().forEach((name, value) -> {
            URI uri = uriOf(value);
            if (uri == null || uri.getHost() == null) {
                return;
            }
            for (Map.Entry<String, ServiceConfig> target : configs.entrySet()) {
                String host = uri.getHost();
                if (host.equals(target.getKey()) || host.endsWith("-" + target.getKey())) {
                    int port = uri.getPort();
                    if (port != target.getValue().httpPort()) {
                        problems.add(where + ": " + name + "=" + value + " reaches " + target.getKey() + " on port "
                                + port + " but its quarkus.http.port is " + target.getValue().httpPort());
                    }
                }
            }
        });
    }

    private static boolean pointsAtLocalhost(String value) {
        String resolved = ServiceConfig.resolveDefaults(value);
        return resolved.contains("127.0.0.1") || resolved.contains("localhost");
    }

    private static URI uriOf(String value) {
        if (value == null || !value.contains("://")) {
            return null;
        }
        try {
            // jdbc:postgresql://h:p/db is an opaque URI; its part after "jdbc:" is hierarchical
            return URI.create(value.startsWith("jdbc:") ? value.substring(5) : value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String pathOf(String value) {
        URI uri = uriOf(value);
        return uri == null ? null : uri.getPath();
    }
}
