package io.parley.deploy;

import static io.parley.deploy.HelmChartTest.CI_VALUES;
import static io.parley.deploy.HelmChartTest.EVERYTHING_VALUES;
import static io.parley.deploy.HelmChartTest.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 in the chart: Kafka over SASL/TLS with a user per service, a PostgreSQL login per service and TLS to it,
 * the /internal/* key pair and auth-service's key-encryption key. Every value rendered and checked; the passwords
 * must reach the pods only through Secret references.
 */
class HelmSecurityValuesTest {

    static final Path KEYS_ONLY = resource(Path.of("src/test/resources/values-keys.yaml"));
    static final String PASSWORD = "s3cret-only-in-a-Secret";
    static final Map<String, String> PRINCIPALS = Map.of("gateway", "parley-gateway", "auth-service", "parley-auth",
            "chat-service", "parley-chat", "session-service", "parley-session", "media-service", "parley-media");
    static final List<String> WITH_DATABASE = List.of("auth-service", "chat-service", "session-service", "media-service");

    static WiringCheck wiring;
    static RenderedChart ci;

    @BeforeAll
    static void load() {
        wiring = WiringCheck.ofRepository();
        ci = RenderedChart.render(Map.of(), resource(CI_VALUES));
    }

    static Deployment deployment(RenderedChart chart, String service) {
        return chart.named(Deployment.class, RenderedChart.nameOf(service));
    }

    static Map<String, EnvVar> env(RenderedChart chart, String service) {
        return HelmStorageAndCallsValuesTest.env(deployment(chart, service));
    }

    static String value(RenderedChart chart, String service, String name) {
        EnvVar var = env(chart, service).get(name);
        assertNotNull(var, service + " has no " + name);
        assertNull(var.getValueFrom(), service + ": " + name + " is a plain value");
        return var.getValue();
    }

    /** [Secret name, key] an environment variable is read from. */
    static List<String> secretRef(RenderedChart chart, String service, String name) {
        EnvVar var = env(chart, service).get(name);
        assertNotNull(var, service + " has no " + name);
        assertNotNull(var.getValueFrom(), service + ": " + name + " is not from a Secret");
        return List.of(var.getValueFrom().getSecretKeyRef().getName(), var.getValueFrom().getSecretKeyRef().getKey());
    }

    static String decoded(Secret secret, String key) {
        String data = secret.getData().get(key);
        assertNotNull(data, secret.getMetadata().getName() + " has no key " + key);
        return new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
    }

    static PodSpec pod(RenderedChart chart, String service) {
        return deployment(chart, service).getSpec().getTemplate().getSpec();
    }

    static Optional<Volume> volume(RenderedChart chart, String service, String name) {
        return pod(chart, service).getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst();
    }

    static Optional<VolumeMount> mount(RenderedChart chart, String service, String name) {
        return pod(chart, service).getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getName().equals(name)).findFirst();
    }

    /** The files a volume puts in the container: mount path + each item's path (Secret or ConfigMap items). */
    static Set<String> filesOf(RenderedChart chart, String service, String volumeName) {
        Volume v = volume(chart, service, volumeName).orElseThrow(() -> new AssertionError(service + ": no volume " + volumeName));
        VolumeMount m = mount(chart, service, volumeName).orElseThrow(() -> new AssertionError(service + ": " + volumeName + " not mounted"));
        assertTrue(Boolean.TRUE.equals(m.getReadOnly()), service + ": " + volumeName + " mounted writable");
        List<KeyToPath> items = v.getSecret() != null ? v.getSecret().getItems() : v.getConfigMap().getItems();
        assertNotNull(items, volumeName + " lists its items (only the file the service needs)");
        Set<String> files = new TreeSet<>();
        items.forEach(i -> files.add(m.getMountPath() + "/" + i.getPath()));
        return files;
    }

    /** Every Deployment of the rendering agrees with its service's configuration (names, ports, probes). */
    static void assertWiringAgrees(RenderedChart chart) {
        List<String> problems = chart.all(Deployment.class).stream().map(RenderedChart::wiringOf)
                .flatMap(w -> wiring.check(w).stream()).toList();
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    /** The rendered manifest without its Secrets: every other object as Helm wrote it. */
    static String withoutSecrets(RenderedChart chart) {
        StringBuilder out = new StringBuilder();
        for (String document : chart.yaml().split("(?m)^---\\s*$")) {
            if (!Pattern.compile("(?m)^kind: Secret$").matcher(document).find()) {
                out.append(document);
            }
        }
        assertTrue(out.indexOf("kind: Deployment") >= 0);
        return out.toString();
    }

    static Exception refused(Map<String, Object> sets) {
        return assertThrows(Exception.class, () -> RenderedChart.render(sets, resource(CI_VALUES)));
    }

    static Map<String, Object> saslPasswords(String protocol) {
        Map<String, Object> sets = new LinkedHashMap<>();
        sets.put("kafka.securityProtocol", protocol);
        PRINCIPALS.keySet().forEach(s -> sets.put("kafka.auth." + s + ".password", PASSWORD + "-" + s));
        return sets;
    }

    /**
     * What the kubelet does with $(NAME) in a value: the variables defined EARLIER in the list (a later one is left
     * as written), Secret references resolved from the rendered Secrets.
     */
    static String expanded(RenderedChart chart, String service, String name) {
        Map<String, String> defined = new HashMap<>();
        for (EnvVar var : pod(chart, service).getContainers().get(0).getEnv()) {
            String value;
            if (var.getValueFrom() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                value = decoded(chart.named(Secret.class, ref.getName()), ref.getKey());
            } else {
                Matcher m = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(var.getValue());
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    m.appendReplacement(out, Matcher.quoteReplacement(defined.getOrDefault(m.group(1), m.group())));
                }
                m.appendTail(out);
                value = out.toString();
            }
            if (var.getName().equals(name)) {
                return value;
            }
            defined.put(var.getName(), value);
        }
        throw new AssertionError(service + " has no " + name);
    }

    // ---------------------------------------------------------------- Kafka

    @Test
    void byDefaultTheBrokerIsOpenAndNothingAboutKafkaSecurityIsRendered() {
        for (String service : Repository.SERVICES) {
            assertEquals(List.of("KAFKA_BOOTSTRAP_SERVERS"), env(ci, service).keySet().stream()
                    .filter(n -> n.startsWith("KAFKA_") || n.startsWith(WiringCheck.EXPANSION_ONLY_PREFIX)).toList(), service);
            assertTrue(volume(ci, service, "kafka-truststore").isEmpty() && volume(ci, service, "kafka-keystore").isEmpty());
        }
        assertTrue(ci.all(Secret.class).stream().noneMatch(s -> s.getMetadata().getName().equals(RenderedChart.nameOf("kafka"))));
    }

    @Test
    void kafkaPrefixReachesEveryServiceAndTheSchemaTakesOnlyWhatKafkaCan() {
        // issue 18.2: two releases on one cluster; by default no prefix is set at all
        for (String service : Repository.SERVICES) {
            assertFalse(env(ci, service).containsKey("PARLEY_KAFKA_PREFIX"), service);
        }
        RenderedChart blue = RenderedChart.render(Map.of("kafka.prefix", "blue."), resource(CI_VALUES));
        for (String service : Repository.SERVICES) {
            assertEquals("blue.", value(blue, service, "PARLEY_KAFKA_PREFIX"), service);
        }
        assertWiringAgrees(blue);
        Exception space = refused(Map.of("kafka.prefix", "blue release."));
        assertTrue(space.getMessage().contains("prefix"), space.getMessage());
        // 233 characters + session.commands, the longest topic, is Kafka's 249
        RenderedChart.render(Map.of("kafka.prefix", "p".repeat(233)), resource(CI_VALUES));
        Exception tooLong = refused(Map.of("kafka.prefix", "p".repeat(234)));
        assertTrue(tooLong.getMessage().contains("prefix"), tooLong.getMessage());
    }

    @Test
    void saslSslGivesEachServiceItsOwnUserWithThePasswordOnlyInASecret() {
        RenderedChart chart = RenderedChart.render(saslPasswords("SASL_SSL"), resource(CI_VALUES));
        Secret users = chart.named(Secret.class, RenderedChart.nameOf("kafka"));
        String notSecrets = withoutSecrets(chart);
        for (String service : Repository.SERVICES) {
            assertEquals("SASL_SSL", value(chart, service, "KAFKA_SECURITY_PROTOCOL"), service);
            assertEquals("SCRAM-SHA-512", value(chart, service, "KAFKA_SASL_MECHANISM"), service);
            assertEquals(List.of(RenderedChart.nameOf("kafka"), service + "-password"),
                    secretRef(chart, service, "PARLEY_K8S_KAFKA_PASSWORD"));
            assertEquals(List.of(RenderedChart.nameOf("kafka"), service + "-username"),
                    secretRef(chart, service, "PARLEY_K8S_KAFKA_USERNAME"));
            assertEquals(PRINCIPALS.get(service), decoded(users, service + "-username"));
            assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"$(PARLEY_K8S_KAFKA_USERNAME)\" password=\"$(PARLEY_K8S_KAFKA_PASSWORD)\";",
                    value(chart, service, "KAFKA_SASL_JAAS_CONFIG"));
            // what the pod sees: the kubelet expands only variables defined before, so the order matters
            assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + PRINCIPALS.get(service) + "\" password=\"" + PASSWORD + "-" + service + "\";",
                    expanded(chart, service, "KAFKA_SASL_JAAS_CONFIG"), service);
            // the password (or its base64) is in no rendered object but the Secret
            String secret = PASSWORD + "-" + service;
            assertFalse(notSecrets.contains(secret), service);
            assertFalse(notSecrets.contains(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8))));
            // the JVM's default CAs: no trust store given
            assertFalse(env(chart, service).containsKey("KAFKA_SSL_TRUSTSTORE_LOCATION"), service);
        }
        assertWiringAgrees(chart);
    }

    @Test
    void theMechanismChoosesTheLoginModule() {
        Map<String, Object> sets = saslPasswords("SASL_PLAINTEXT");
        sets.put("kafka.sasl.mechanism", "PLAIN");
        RenderedChart plain = RenderedChart.render(sets, resource(CI_VALUES));
        assertEquals("SASL_PLAINTEXT", value(plain, "gateway", "KAFKA_SECURITY_PROTOCOL"));
        assertEquals("PLAIN", value(plain, "gateway", "KAFKA_SASL_MECHANISM"));
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"parley-gateway\" "
                + "password=\"" + PASSWORD + "-gateway\";", expanded(plain, "gateway", "KAFKA_SASL_JAAS_CONFIG"));
        sets.put("kafka.sasl.mechanism", "SCRAM-SHA-256");
        RenderedChart scram256 = RenderedChart.render(sets, resource(CI_VALUES));
        assertEquals("SCRAM-SHA-256", value(scram256, "media-service", "KAFKA_SASL_MECHANISM"));
        assertTrue(value(scram256, "media-service", "KAFKA_SASL_JAAS_CONFIG")
                .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required "));
        assertWiringAgrees(scram256);
        Exception gssapi = refused(Map.of("kafka.securityProtocol", "SASL_SSL", "kafka.sasl.mechanism", "GSSAPI"));
        assertTrue(gssapi.getMessage().contains("mechanism"), gssapi.getMessage());
        Exception protocol = refused(Map.of("kafka.securityProtocol", "TLS"));
        assertTrue(protocol.getMessage().contains("securityProtocol"), protocol.getMessage());
    }

    @Test
    void aMissingSaslPasswordIsNamedAndAnExistingSecretReplacesTheChartsOwn() {
        Map<String, Object> sets = saslPasswords("SASL_SSL");
        sets.remove("kafka.auth.session-service.password");
        Exception missing = refused(sets);
        assertTrue(missing.getMessage().contains("kafka.auth.session-service.password"), missing.getMessage());

        RenderedChart existing = RenderedChart.render(Map.of("kafka.securityProtocol", "SASL_SSL",
                "kafka.auth.existingSecret", "kafka-users"), resource(CI_VALUES));
        assertTrue(existing.all(Secret.class).stream().noneMatch(s -> s.getMetadata().getName().contains("kafka")));
        for (String service : Repository.SERVICES) {
            assertEquals(List.of("kafka-users", service + "-username"), secretRef(existing, service, "PARLEY_K8S_KAFKA_USERNAME"));
            assertEquals(List.of("kafka-users", service + "-password"), secretRef(existing, service, "PARLEY_K8S_KAFKA_PASSWORD"));
        }
    }

    @Test
    void aServiceMaySignInWithTheSecretOfItsOwnKafkaUser() {
        // e.g. a Strimzi KafkaUser parley-chat: its Secret holds the password under `password`
        Map<String, Object> sets = saslPasswords("SASL_SSL");
        sets.remove("kafka.auth.chat-service.password");
        sets.put("kafka.auth.chat-service.existingSecret", "parley-chat");
        RenderedChart chart = RenderedChart.render(sets, resource(CI_VALUES));
        assertEquals(List.of("parley-chat", "password"), secretRef(chart, "chat-service", "PARLEY_K8S_KAFKA_PASSWORD"));
        assertEquals("parley-chat", value(chart, "chat-service", "PARLEY_K8S_KAFKA_USERNAME"));
        Secret users = chart.named(Secret.class, RenderedChart.nameOf("kafka"));
        assertFalse(users.getData().containsKey("chat-service-password"), "nothing of chat-service's in the chart's");
        assertEquals(PASSWORD + "-gateway", decoded(users, "gateway-password"));
        assertEquals(List.of(RenderedChart.nameOf("kafka"), "gateway-password"),
                secretRef(chart, "gateway", "PARLEY_K8S_KAFKA_PASSWORD"));
        assertWiringAgrees(chart);
        // every service with its own: no chart Secret at all
        Map<String, Object> own = new LinkedHashMap<>(Map.of("kafka.securityProtocol", "SASL_SSL"));
        PRINCIPALS.forEach((service, user) -> own.put("kafka.auth." + service + ".existingSecret", user));
        RenderedChart allOwn = RenderedChart.render(own, resource(CI_VALUES));
        assertTrue(allOwn.all(Secret.class).stream().noneMatch(s -> s.getMetadata().getName().contains("kafka")));
        assertEquals(List.of("parley-media", "password"), secretRef(allOwn, "media-service", "PARLEY_K8S_KAFKA_PASSWORD"));
    }

    @Test
    void theBrokersCaComesFromASecretOrAConfigMapAsAPemTrustStore() {
        Map<String, Object> sets = saslPasswords("SASL_SSL");
        sets.put("kafka.tls.truststore.secret", "my-cluster-cluster-ca-cert");
        RenderedChart fromSecret = RenderedChart.render(sets, resource(CI_VALUES));
        for (String service : Repository.SERVICES) {
            assertEquals("PEM", value(fromSecret, service, "KAFKA_SSL_TRUSTSTORE_TYPE"));
            String location = value(fromSecret, service, "KAFKA_SSL_TRUSTSTORE_LOCATION");
            assertEquals(Set.of(location), filesOf(fromSecret, service, "kafka-truststore"), service);
            assertEquals("my-cluster-cluster-ca-cert", volume(fromSecret, service, "kafka-truststore").orElseThrow()
                    .getSecret().getSecretName());
            assertEquals("ca.crt", volume(fromSecret, service, "kafka-truststore").orElseThrow().getSecret()
                    .getItems().get(0).getKey());
        }
        assertWiringAgrees(fromSecret);

        // SSL (no SASL): TLS only, no user; the CA from a ConfigMap under another key
        RenderedChart fromConfigMap = RenderedChart.render(Map.of("kafka.securityProtocol", "SSL",
                "kafka.tls.truststore.configMap", "kafka-ca", "kafka.tls.truststore.key", "ca.pem"), resource(CI_VALUES));
        assertEquals("SSL", value(fromConfigMap, "chat-service", "KAFKA_SECURITY_PROTOCOL"));
        assertFalse(env(fromConfigMap, "chat-service").containsKey("KAFKA_SASL_JAAS_CONFIG"));
        assertFalse(env(fromConfigMap, "chat-service").containsKey("KAFKA_SASL_MECHANISM"));
        assertEquals(Set.of(value(fromConfigMap, "chat-service", "KAFKA_SSL_TRUSTSTORE_LOCATION")),
                filesOf(fromConfigMap, "chat-service", "kafka-truststore"));
        assertTrue(value(fromConfigMap, "chat-service", "KAFKA_SSL_TRUSTSTORE_LOCATION").endsWith("/ca.pem"));
        assertEquals("kafka-ca", volume(fromConfigMap, "chat-service", "kafka-truststore").orElseThrow()
                .getConfigMap().getName());
        assertTrue(fromConfigMap.all(Secret.class).stream().noneMatch(s -> s.getMetadata().getName().contains("kafka")));

        Exception plaintext = refused(Map.of("kafka.tls.truststore.secret", "ca"));
        assertTrue(plaintext.getMessage().contains("kafka.tls.truststore is set but kafka.securityProtocol is PLAINTEXT"),
                plaintext.getMessage());
        Exception both = refused(Map.of("kafka.securityProtocol", "SSL", "kafka.tls.truststore.secret", "ca",
                "kafka.tls.truststore.configMap", "ca"));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
    }

    @Test
    void mutualTlsGivesAServiceItsOwnKeyStoreAndNoOtherServiceGetsIt() {
        RenderedChart chart = RenderedChart.render(Map.of("kafka.securityProtocol", "SSL",
                "kafka.tls.keystores.secrets.chat-service", "parley-chat"), resource(CI_VALUES));
        assertEquals("PKCS12", value(chart, "chat-service", "KAFKA_SSL_KEYSTORE_TYPE"));
        assertEquals(Set.of(value(chart, "chat-service", "KAFKA_SSL_KEYSTORE_LOCATION")),
                filesOf(chart, "chat-service", "kafka-keystore"));
        assertTrue(value(chart, "chat-service", "KAFKA_SSL_KEYSTORE_LOCATION").endsWith("/user.p12"));
        assertEquals(List.of("parley-chat", "user.password"), secretRef(chart, "chat-service", "KAFKA_SSL_KEYSTORE_PASSWORD"));
        assertEquals(List.of("parley-chat", "user.password"), secretRef(chart, "chat-service", "KAFKA_SSL_KEY_PASSWORD"));
        assertEquals("parley-chat", volume(chart, "chat-service", "kafka-keystore").orElseThrow().getSecret().getSecretName());
        for (String other : List.of("gateway", "auth-service", "session-service", "media-service")) {
            assertTrue(volume(chart, other, "kafka-keystore").isEmpty(), other);
            assertFalse(env(chart, other).containsKey("KAFKA_SSL_KEYSTORE_LOCATION"), other);
        }
        assertWiringAgrees(chart);
        Exception plaintext = refused(Map.of("kafka.tls.keystores.secrets.chat-service", "parley-chat"));
        assertTrue(plaintext.getMessage().contains("mTLS"), plaintext.getMessage());
        Exception unknownService = refused(Map.of("kafka.securityProtocol", "SSL",
                "kafka.tls.keystores.secrets.chat", "parley-chat"));
        assertTrue(unknownService.getMessage().contains("chat"), unknownService.getMessage());
    }

    // ---------------------------------------------------------------- PostgreSQL

    @Test
    void aServiceWithALoginOfItsOwnUsesItAndTheOthersKeepTheSharedOne() {
        RenderedChart chart = RenderedChart.render(Map.of(
                "postgresql.auth.chat-service.username", "parley_chat",
                "postgresql.auth.chat-service.password", PASSWORD,
                "postgresql.auth.media-service.existingSecret", "media-db-role"), resource(CI_VALUES));
        String roles = RenderedChart.nameOf("database-roles");
        assertEquals(List.of(roles, "chat-service-username"), secretRef(chart, "chat-service", "QUARKUS_DATASOURCE_USERNAME"));
        assertEquals(List.of(roles, "chat-service-password"), secretRef(chart, "chat-service", "QUARKUS_DATASOURCE_PASSWORD"));
        Secret rolesSecret = chart.named(Secret.class, roles);
        assertEquals(Set.of("chat-service-username", "chat-service-password"), rolesSecret.getData().keySet());
        assertEquals("parley_chat", decoded(rolesSecret, "chat-service-username"));
        assertEquals(PASSWORD, decoded(rolesSecret, "chat-service-password"));
        assertEquals(List.of("media-db-role", "username"), secretRef(chart, "media-service", "QUARKUS_DATASOURCE_USERNAME"));
        assertEquals(List.of("media-db-role", "password"), secretRef(chart, "media-service", "QUARKUS_DATASOURCE_PASSWORD"));
        for (String shared : List.of("auth-service", "session-service")) {
            assertEquals(List.of(RenderedChart.nameOf("database"), "password"), secretRef(chart, shared, "QUARKUS_DATASOURCE_PASSWORD"));
        }
        assertFalse(env(chart, "gateway").containsKey("QUARKUS_DATASOURCE_USERNAME"), "the gateway has no database");
        assertWiringAgrees(chart);
    }

    @Test
    void withALoginForEveryServiceTheSharedPasswordIsNotNeeded() {
        Map<String, Object> sets = new LinkedHashMap<>();
        sets.put("media.masterKey", "x");
        for (String service : WITH_DATABASE) {
            sets.put("postgresql.auth." + service + ".username", "parley_" + service.replace("-service", ""));
            sets.put("postgresql.auth." + service + ".password", PASSWORD);
        }
        RenderedChart chart = RenderedChart.render(sets, KEYS_ONLY);
        assertTrue(chart.all(Secret.class).stream().noneMatch(s -> s.getMetadata().getName().equals(RenderedChart.nameOf("database"))),
                "no shared login Secret when nobody uses it");
        for (String service : WITH_DATABASE) {
            assertEquals(RenderedChart.nameOf("database-roles"), secretRef(chart, service, "QUARKUS_DATASOURCE_USERNAME").get(0));
        }
        sets.remove("postgresql.auth.session-service.username");
        Exception shared = assertThrows(Exception.class, () -> RenderedChart.render(sets, KEYS_ONLY));
        assertTrue(shared.getMessage().contains("postgresql.auth.password"), shared.getMessage());
        Exception noPassword = refused(Map.of("postgresql.auth.auth-service.username", "parley_auth"));
        assertTrue(noPassword.getMessage().contains("postgresql.auth.auth-service.password is required"), noPassword.getMessage());
    }

    @Test
    void byDefaultNoTlsSettingIsRenderedAndTheJdbcUrlIsAsBefore() {
        for (String service : WITH_DATABASE) {
            assertTrue(env(ci, service).keySet().stream().noneMatch(n -> n.startsWith("QUARKUS_DATASOURCE_REACTIVE_")
                    && (n.contains("SSL") || n.contains("TRUST") || n.contains("HOSTNAME"))), service);
            assertFalse(value(ci, service, "QUARKUS_DATASOURCE_JDBC_URL").contains("ssl"));
            assertTrue(volume(ci, service, "postgresql-root-cert").isEmpty());
        }
        assertEquals("jdbc:postgresql://postgresql.database.svc:5432/chat?connectTimeout=10",
                value(ci, "chat-service", "QUARKUS_DATASOURCE_JDBC_URL"));
    }

    @Test
    void verifyFullChecksTheServerAgainstTheRootCertificateInBothClients() {
        RenderedChart chart = RenderedChart.render(Map.of("postgresql.tls.mode", "verify-full",
                "postgresql.tls.rootCert.secret", "pg-ca"), resource(CI_VALUES));
        for (String service : WITH_DATABASE) {
            Set<String> files = filesOf(chart, service, "postgresql-root-cert");
            assertEquals(1, files.size());
            String ca = files.iterator().next();
            assertEquals("/etc/parley/postgresql/ca.crt", ca);
            assertEquals("verify-full", value(chart, service, "QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE"));
            assertEquals("true", value(chart, service, "QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM"));
            assertEquals(ca, value(chart, service, "QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS"));
            assertEquals("HTTPS", value(chart, service, "QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM"));
            assertFalse(env(chart, service).containsKey("QUARKUS_DATASOURCE_REACTIVE_TRUST_ALL"), "never trust all");
            String database = service.equals("session-service") ? "sessions" : service.replace("-service", "");
            assertEquals("jdbc:postgresql://postgresql.database.svc:5432/" + database
                    + "?connectTimeout=10&sslmode=verify-full&sslrootcert=" + ca,
                    value(chart, service, "QUARKUS_DATASOURCE_JDBC_URL"));
        }
        assertTrue(volume(chart, "gateway", "postgresql-root-cert").isEmpty(), "the gateway has no database");
        assertWiringAgrees(chart);
    }

    @Test
    void verifyCaChecksTheChainOnlyAndRequireOnlyEncrypts() {
        RenderedChart verifyCa = RenderedChart.render(Map.of("postgresql.tls.mode", "verify-ca",
                "postgresql.tls.rootCert.configMap", "rds-ca-bundle", "postgresql.tls.rootCert.key", "global-bundle.pem",
                "postgresql.jdbcParameters", ""), resource(CI_VALUES));
        assertEquals("verify-ca", value(verifyCa, "auth-service", "QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE"));
        assertFalse(env(verifyCa, "auth-service").containsKey("QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM"));
        assertEquals("/etc/parley/postgresql/global-bundle.pem",
                value(verifyCa, "auth-service", "QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS"));
        assertEquals("rds-ca-bundle", volume(verifyCa, "auth-service", "postgresql-root-cert").orElseThrow().getConfigMap().getName());
        // no jdbcParameters: the query string starts with sslmode
        assertEquals("jdbc:postgresql://postgresql.database.svc:5432/auth?sslmode=verify-ca"
                + "&sslrootcert=/etc/parley/postgresql/global-bundle.pem", value(verifyCa, "auth-service", "QUARKUS_DATASOURCE_JDBC_URL"));

        RenderedChart require = RenderedChart.render(Map.of("postgresql.tls.mode", "require"), resource(CI_VALUES));
        assertEquals("require", value(require, "media-service", "QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE"));
        assertEquals("true", value(require, "media-service", "QUARKUS_DATASOURCE_REACTIVE_TRUST_ALL"));
        assertEquals("jdbc:postgresql://postgresql.database.svc:5432/media?connectTimeout=10&sslmode=require",
                value(require, "media-service", "QUARKUS_DATASOURCE_JDBC_URL"));
        assertTrue(volume(require, "media-service", "postgresql-root-cert").isEmpty());
        assertWiringAgrees(require);

        Exception noCa = refused(Map.of("postgresql.tls.mode", "verify-full"));
        assertTrue(noCa.getMessage().contains("postgresql.tls.rootCert"), noCa.getMessage());
        Exception badMode = refused(Map.of("postgresql.tls.mode", "prefer"));
        assertTrue(badMode.getMessage().contains("mode"), badMode.getMessage());
    }

    @Test
    void flywaysFirstConnectionMayWaitLongerWhenAsked() {
        for (String service : WITH_DATABASE) {
            assertFalse(env(ci, service).containsKey("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT"), "Quarkus's default");
        }
        RenderedChart chart = RenderedChart.render(Map.of("postgresql.jdbcAcquisitionTimeout", "30S"), resource(CI_VALUES));
        for (String service : WITH_DATABASE) {
            assertEquals("30S", value(chart, service, "QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT"), service);
        }
        assertFalse(env(chart, "gateway").containsKey("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT"));
        assertWiringAgrees(chart);
        Exception bad = refused(Map.of("postgresql.jdbcAcquisitionTimeout", "half a minute"));
        assertTrue(bad.getMessage().contains("jdbcAcquisitionTimeout"), bad.getMessage());
    }

    // ---------------------------------------------------------------- /internal/* credential

    @Test
    void theGatewayAloneGetsThePrivateKeyAndTheCalleesThePublicKey() {
        Secret keys = ci.named(Secret.class, RenderedChart.nameOf("internal"));
        assertTrue(decoded(keys, "private.pem").startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(decoded(keys, "public.pem").startsWith("-----BEGIN PUBLIC KEY-----"));
        assertEquals(Set.of(value(ci, "gateway", "PARLEY_INTERNAL_PRIVATE_KEY_LOCATION")), filesOf(ci, "gateway", "internal-key"));
        assertEquals("/etc/parley/internal/private.pem", value(ci, "gateway", "PARLEY_INTERNAL_PRIVATE_KEY_LOCATION"));
        assertFalse(env(ci, "gateway").containsKey("PARLEY_INTERNAL_PUBLIC_KEY_LOCATION"));
        for (String callee : List.of("chat-service", "session-service")) {
            assertEquals("/etc/parley/internal/public.pem", value(ci, callee, "PARLEY_INTERNAL_PUBLIC_KEY_LOCATION"));
            assertEquals(Set.of("/etc/parley/internal/public.pem"), filesOf(ci, callee, "internal-key"), callee);
            assertFalse(env(ci, callee).containsKey("PARLEY_INTERNAL_PRIVATE_KEY_LOCATION"), callee);
        }
        for (String other : List.of("auth-service", "media-service")) {
            assertTrue(volume(ci, other, "internal-key").isEmpty(), other);
            assertTrue(env(ci, other).keySet().stream().noneMatch(n -> n.startsWith("PARLEY_INTERNAL_")), other);
        }
        for (String service : Repository.SERVICES) {
            volume(ci, service, "internal-key").ifPresent(v -> {
                assertEquals(RenderedChart.nameOf("internal"), v.getSecret().getSecretName());
                assertEquals(0440, v.getSecret().getDefaultMode());
            });
        }

        RenderedChart existing = RenderedChart.render(Map.of("internal.existingSecret", "parley-internal-keys",
                "internal.privateKey", "", "internal.publicKey", ""), resource(CI_VALUES));
        assertTrue(existing.all(Secret.class).stream().noneMatch(s -> s.getMetadata().getName().contains("internal")));
        assertEquals("parley-internal-keys", volume(existing, "gateway", "internal-key").orElseThrow().getSecret().getSecretName());
    }

    @Test
    void withoutTheInternalKeyPairTheChartTellsHowToMakeOne() {
        Exception missing = assertThrows(Exception.class, () -> RenderedChart.render(Map.of(
                "postgresql.auth.password", "x", "media.masterKey", "x",
                "jwt.encryptionKey", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")));
        assertTrue(missing.getMessage().contains("internal.privateKey and internal.publicKey"), missing.getMessage());
        assertTrue(missing.getMessage().contains("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256"),
                missing.getMessage());
        Exception half = refused(Map.of("internal.publicKey", ""));
        assertTrue(half.getMessage().contains("internal.privateKey and internal.publicKey"), half.getMessage());
    }

    // ---------------------------------------------------------------- signing keys' encryption key

    @Test
    void withoutAKeyPairAuthServiceGetsTheEncryptionKeyFromAKeptSecret() {
        String jwt = RenderedChart.nameOf("jwt");
        assertEquals(List.of(jwt, "encryption-key"), secretRef(ci, "auth-service", "PARLEY_AUTH_KEYS_ENCRYPTION_KEY"));
        Secret secret = ci.named(Secret.class, jwt);
        assertEquals(Set.of("encryption-key"), secret.getData().keySet());
        assertEquals(32, Base64.getDecoder().decode(decoded(secret, "encryption-key")).length);
        assertEquals("keep", secret.getMetadata().getAnnotations().get("helm.sh/resource-policy"));
        assertTrue(volume(ci, "auth-service", "jwt").isEmpty(), "no key pair to mount");
        assertFalse(env(ci, "auth-service").containsKey("PARLEY_AUTH_KEYS_PRIVATE_LOCATION"));
        for (String other : List.of("gateway", "chat-service", "session-service", "media-service")) {
            assertFalse(env(ci, other).containsKey("PARLEY_AUTH_KEYS_ENCRYPTION_KEY"), other);
        }

        RenderedChart existing = RenderedChart.render(Map.of("jwt.existingSecret", "auth-kek",
                "jwt.existingSecretHasKeyPair", false, "jwt.encryptionKey", ""), resource(CI_VALUES));
        assertEquals(List.of("auth-kek", "encryption-key"), secretRef(existing, "auth-service", "PARLEY_AUTH_KEYS_ENCRYPTION_KEY"));
        assertTrue(volume(existing, "auth-service", "jwt").isEmpty());
        assertTrue(existing.all(Secret.class).stream().noneMatch(s -> s.getMetadata().getName().equals(jwt)));
    }

    @Test
    void duringAChangeOfEncryptionKeyTheOldOneIsGivenToo() {
        assertFalse(env(ci, "auth-service").containsKey("PARLEY_AUTH_KEYS_PREVIOUS_ENCRYPTION_KEY"), "none by default");
        String old = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";
        RenderedChart changing = RenderedChart.render(Map.of("jwt.previousEncryptionKey", old), resource(CI_VALUES));
        assertEquals(List.of(RenderedChart.nameOf("jwt"), "previous-encryption-key"),
                secretRef(changing, "auth-service", "PARLEY_AUTH_KEYS_PREVIOUS_ENCRYPTION_KEY"));
        assertEquals(old, decoded(changing.named(Secret.class, RenderedChart.nameOf("jwt")), "previous-encryption-key"));
        assertFalse(env(changing, "auth-service").get("PARLEY_AUTH_KEYS_PREVIOUS_ENCRYPTION_KEY").getValueFrom()
                .getSecretKeyRef().getOptional());
        assertWiringAgrees(changing);
        // an existing Secret: read when it has the key, so the operator adds and later removes it there
        RenderedChart existing = RenderedChart.render(Map.of("jwt.existingSecret", "auth-kek",
                "jwt.existingSecretHasKeyPair", false, "jwt.encryptionKey", ""), resource(CI_VALUES));
        EnvVar previous = env(existing, "auth-service").get("PARLEY_AUTH_KEYS_PREVIOUS_ENCRYPTION_KEY");
        assertEquals("auth-kek", previous.getValueFrom().getSecretKeyRef().getName());
        assertTrue(previous.getValueFrom().getSecretKeyRef().getOptional());
        Exception malformed = refused(Map.of("jwt.previousEncryptionKey", "short"));
        assertTrue(malformed.getMessage().contains("previousEncryptionKey"), malformed.getMessage());
    }

    @Test
    void withAKeyPairTheEncryptionKeyIsNeitherNeededNorGiven() {
        RenderedChart everything = RenderedChart.render(Map.of(), resource(EVERYTHING_VALUES));
        assertFalse(env(everything, "auth-service").containsKey("PARLEY_AUTH_KEYS_ENCRYPTION_KEY"));
        assertEquals(Set.of("/deployments/secrets/jwt/private.pem", "/deployments/secrets/jwt/public.pem"),
                filesOf(everything, "auth-service", "jwt"));
        Map<String, String> annotations = everything.named(Secret.class, RenderedChart.nameOf("jwt")).getMetadata()
                .getAnnotations();
        assertTrue(annotations == null || !annotations.containsKey("helm.sh/resource-policy"),
                "a given key pair is the operator's to keep");
        // an existing Secret holds the key pair unless said otherwise (as before issue 18)
        RenderedChart existing = RenderedChart.render(Map.of("jwt.existingSecret", "jwt-keys", "jwt.encryptionKey", ""),
                resource(CI_VALUES));
        assertFalse(env(existing, "auth-service").containsKey("PARLEY_AUTH_KEYS_ENCRYPTION_KEY"));
        assertEquals("jwt-keys", volume(existing, "auth-service", "jwt").orElseThrow().getSecret().getSecretName());
    }

    @Test
    void aMissingOrMalformedEncryptionKeyIsRefusedWithTheCommandToMakeOne() {
        Exception missing = refused(Map.of("jwt.encryptionKey", ""));
        assertTrue(missing.getMessage().contains("jwt.encryptionKey"), missing.getMessage());
        assertTrue(missing.getMessage().contains("openssl rand -base64 32"), missing.getMessage());
        // 16 bytes, and not base64 at all: the schema wants base64 of exactly 32 bytes
        for (String bad : List.of("AAAAAAAAAAAAAAAAAAAAAA==", "not a key")) {
            Exception malformed = refused(Map.of("jwt.encryptionKey", bad));
            assertTrue(malformed.getMessage().contains("encryptionKey"), malformed.getMessage());
        }
    }

    @Test
    void theEverythingValuesUseEveryNewSettingAtOnce() {
        // values-everything.yaml (validated against the Kubernetes schemas by KubernetesSchemaCheckTest) has SASL_SSL
        // with a CA ConfigMap, verify-full, two services with their own database role and the /internal keys
        RenderedChart everything = RenderedChart.render(Map.of(), resource(EVERYTHING_VALUES));
        List<String> missing = new ArrayList<>();
        for (String service : Repository.SERVICES) {
            for (String name : List.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_LOCATION")) {
                if (!env(everything, service).containsKey(name)) {
                    missing.add(service + " " + name);
                }
            }
        }
        assertEquals(List.of(), missing);
        assertEquals("verify-full", value(everything, "chat-service", "QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE"));
        assertEquals(RenderedChart.nameOf("database-roles"), secretRef(everything, "chat-service", "QUARKUS_DATASOURCE_USERNAME").get(0));
        assertWiringAgrees(everything);
    }
}
