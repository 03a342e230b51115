package io.parley.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a deployment must agree with, read from a service's application.properties at test time (other engineers add
 * properties all the time, so nothing here is a hard-coded list): its HTTP port, the properties an environment
 * variable may override, and the environment variables its ${...} expressions read.
 */
record ServiceConfig(String service, int httpPort, Map<String, String> properties, Set<String> referencedEnv,
                     Set<String> documentedOptional) {

    // ${NAME} or ${NAME:default} where NAME looks like an environment variable (property references are lower case)
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    // "#parley.auth.keys.private-location=": an optional property documented without a default (read through
    // @ConfigMapping as Optional), which an environment variable may set
    private static final Pattern DOCUMENTED_OPTIONAL = Pattern.compile("(?m)^#\\s?([a-z][a-z0-9]*(?:[.-][a-z0-9]+)+)=");

    static ServiceConfig load(String service) {
        return parse(service, Repository.read(Repository.applicationProperties(service)));
    }

    static ServiceConfig parse(String service, String text) {
        Properties raw = new Properties();
        try {
            raw.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        Set<String> referenced = new TreeSet<>();
        for (String key : raw.stringPropertyNames()) {
            String value = raw.getProperty(key);
            properties.put(key, value);
            Matcher m = ENV_REFERENCE.matcher(value);
            while (m.find()) {
                referenced.add(m.group(1));
            }
        }
        String port = properties.get("quarkus.http.port");
        if (port == null) {
            throw new IllegalStateException(service + ": application.properties sets no quarkus.http.port");
        }
        Set<String> optional = new TreeSet<>();
        Matcher documented = DOCUMENTED_OPTIONAL.matcher(text);
        while (documented.find()) {
            optional.add(documented.group(1));
        }
        return new ServiceConfig(service, Integer.parseInt(port.trim()), Map.copyOf(properties), Set.copyOf(referenced),
                Set.copyOf(optional));
    }

    /**
     * The management interface's port ({@code quarkus.management.port}) when {@code quarkus.management.enabled} is
     * true in production, else null (health and metrics then share the HTTP port).
     */
    Integer managementPort() {
        if (!"true".equals(productionValue("quarkus.management.enabled").map(String::trim).orElse("false"))) {
            return null;
        }
        String port = productionValue("quarkus.management.port").orElseThrow(() -> new IllegalStateException(
                service + ": quarkus.management.enabled but no quarkus.management.port (the default 9000 would "
                        + "clash between services on one host)"));
        return Integer.parseInt(resolveDefaults(port).trim());
    }

    /** Where /q/health and /q/metrics are served: the management port, or the HTTP port without one. */
    int healthPort() {
        Integer management = managementPort();
        return management != null ? management : httpPort;
    }

    /** The property that sets {@link #healthPort()}, for messages. */
    String healthPortProperty() {
        return managementPort() != null ? "quarkus.management.port" : "quarkus.http.port";
    }

    /**
     * The property an environment variable overrides, Quarkus's way: upper case, every character that is not a
     * letter or digit replaced by '_' (so QUARKUS_DATASOURCE_REACTIVE_URL is quarkus.datasource.reactive.url, and
     * PARLEY_X_Y is parley.x-y). %prod.a.b counts as a.b; a key of %dev or %test only does not count.
     */
    Optional<String> propertyFor(String envName) {
        // a property set only for %dev or %test means nothing in a container
        return java.util.stream.Stream.concat(productionProperties().stream(), documentedOptional.stream())
                .filter(key -> envNameOf(key).equals(envName))
                .findFirst();
    }

    /** The value a running container would get without any environment: the %prod value, else the plain one. */
    Optional<String> productionValue(String property) {
        String prod = properties.get("%prod." + property);
        return Optional.ofNullable(prod != null ? prod : properties.get(property));
    }

    /** Properties (without profile) used in production, i.e. not only in %dev or %test. */
    Set<String> productionProperties() {
        Set<String> keys = new TreeSet<>();
        for (String key : properties.keySet()) {
            if (!key.startsWith("%") || key.startsWith("%prod.")) {
                keys.add(withoutProfile(key));
            }
        }
        return keys;
    }

    /** The default of ${ENV:default} inside a value, else the value itself. */
    static String resolveDefaults(String value) {
        return withDefaults(ENV_REFERENCE, value);
    }

    /** Replaces each match of {@code reference} by its group 2 (the default), or by nothing when it has none. */
    static String withDefaults(Pattern reference, String value) {
        Matcher m = reference.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String envNameOf(String property) {
        StringBuilder env = new StringBuilder(property.length());
        for (char c : property.toCharArray()) {
            env.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return env.toString();
    }

    private static String withoutProfile(String key) {
        if (key.startsWith("%")) {
            int dot = key.indexOf('.');
            return dot < 0 ? key : key.substring(dot + 1);
        }
        return key;
    }
}
