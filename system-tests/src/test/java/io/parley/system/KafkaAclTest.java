package io.parley.system;

import io.parley.devstack.DevstackConfig;
import io.parley.devstack.DevstackTls;
import io.parley.devstack.IsolatedDevstack;
import io.parley.devstack.KafkaCredentials;
import io.parley.devstack.KafkaSecureBroker;
import io.parley.devstack.KafkaSecurity;
import io.parley.devstack.Ports;
import io.parley.devstack.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the secure broker refuses (issue 18 point 2): the broker of {@code PARLEY_SECURE=true} alone (a
 * {@link KafkaSecureBroker} of this class's own home and ports, never the shared devstack), with the devstack's ACL
 * table. Every refusal is asserted by its exception and, for writes, by the topic's end offsets staying where they
 * were (read as parley-admin); positive controls show the same clients succeed with the right login.
 */
class KafkaAclTest {

    private static final Path ROOT = DevstackConfig.findRoot(Path.of(System.getProperty("parley.root", "")));
    private static final List<String> TOPICS = List.of("chat.commands", "chat.events", "auth.users");

    private static Path home;
    private static DevstackConfig config;
    private static KafkaSecureBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startTheSecureBroker() throws Exception {
        home = Files.createTempDirectory("parley-kafka-acl");
        DevstackConfig ports = IsolatedDevstack.configFor(ROOT, home);
        config = new DevstackConfig(ROOT, ports.home(), ports.kafkaPort(), ports.controllerPort(), ports.pgPort(),
                ports.externalKafka(), ports.externalPg(), ports.pgUser(), ports.pgPassword(), true);
        broker = KafkaSecureBroker.start(config);
        admin = Admin.create(properties(KafkaSecurity.adminProperties(config)));
        admin.createTopics(TOPICS.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all()
                .get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws IOException {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (broker != null) {
            broker.close();
        }
        if (home != null) {
            try (Stream<Path> files = Files.walk(home)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Test
    void aPlaintextClientWritesNothing() throws Exception {
        Map<String, String> plaintext = Map.of("bootstrap.servers", config.kafkaBootstrap());
        for (String topic : List.of("chat.commands", "auth.users")) {
            long before = endOffset(topic);
            // no TLS and no login: the broker's SASL_SSL listener never gets as far as an answer
            Throwable refused = produce(plaintext, topic);
            assertInstanceOf(TimeoutException.class, refused, topic);
            assertEquals(before, endOffset(topic), topic + " got a record from a PLAINTEXT client");
        }
    }

    @Test
    void aWrongPasswordIsRefusedForWritesAndReads() throws Exception {
        Map<String, String> wrong = KafkaSecurity.saslSsl(config, KafkaCredentials.GATEWAY, "not-the-password");
        for (String topic : List.of("chat.commands", "auth.users")) {
            long before = endOffset(topic);
            assertRefusedBy(SaslAuthenticationException.class, produce(wrong, topic), topic);
            assertEquals(before, endOffset(topic), topic);
        }
        assertRefusedBy(SaslAuthenticationException.class, consume(wrong, "chat.events", "gateway-wrong-password"),
                "reading chat.events");
        Map<String, String> stranger = KafkaSecurity.saslSsl(config, "mallory", "anything");
        assertRefusedBy(SaslAuthenticationException.class, produce(stranger, "chat.commands"), "an unknown user");
    }

    @Test
    void aServiceCannotWriteWhatItsRoleDoesNot() throws Exception {
        // media-service cannot impersonate a user; only auth-service writes users; only chat-service writes events
        assertRefusedWrite(KafkaCredentials.MEDIA, "chat.commands");
        assertRefusedWrite(KafkaCredentials.MEDIA, "auth.users");
        assertRefusedWrite(KafkaCredentials.GATEWAY, "auth.users");
        assertRefusedWrite(KafkaCredentials.GATEWAY, "chat.events");
        assertRefusedWrite(KafkaCredentials.CHAT, "auth.users");
        assertRefusedWrite(KafkaCredentials.SESSION, "chat.events");
        assertRefusedWrite(KafkaCredentials.AUTH, "chat.commands");
    }

    @Test
    void aServiceCannotReadWhatItsRoleDoesNotNorJoinAnotherServicesGroup() {
        Map<String, String> media = KafkaSecurity.clientProperties(config, KafkaCredentials.MEDIA);
        assertInstanceOf(TopicAuthorizationException.class, consume(media, "chat.commands", "media-service"));
        assertInstanceOf(GroupAuthorizationException.class, consume(media, "chat.events", "chat-service"));
        Map<String, String> gateway = KafkaSecurity.clientProperties(config, KafkaCredentials.GATEWAY);
        assertInstanceOf(TopicAuthorizationException.class, consume(gateway, "chat.commands", "gateway-x"));
    }

    @Test
    void eachServiceDoesItsOwnJob() throws Exception {
        String marker = UUID.randomUUID().toString();
        long before = endOffset("chat.events");
        assertEquals(null, produce(KafkaSecurity.clientProperties(config, KafkaCredentials.CHAT), "chat.events",
                marker), "parley-chat writes chat.events");
        assertEquals(before + 1, endOffset("chat.events"));
        assertEquals(null, produce(KafkaSecurity.clientProperties(config, KafkaCredentials.GATEWAY),
                "chat.commands", marker), "parley-gateway writes chat.commands");
        assertEquals(null, produce(KafkaSecurity.clientProperties(config, KafkaCredentials.AUTH), "auth.users",
                marker), "parley-auth writes auth.users");
        // media-service reads chat.events in its own group and finds the record parley-chat wrote
        Properties props = properties(KafkaSecurity.clientProperties(config, KafkaCredentials.MEDIA));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "media-service");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("chat.events"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean found = false;
            while (!found && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    found |= marker.equals(record.value());
                }
            }
            assertTrue(found, "parley-media read chat.events as media-service");
        }
    }

    @Test
    void anUntrustedBrokerCertificateIsRefusedByTheClient() throws Exception {
        Map<String, String> client = new HashMap<>(KafkaSecurity.clientProperties(config, KafkaCredentials.CHAT));
        client.putAll(otherCaTrustStore());
        long before = endOffset("chat.events");
        assertRefusedBy(SslAuthenticationException.class, produce(client, "chat.events"), "another CA");
        assertEquals(before, endOffset("chat.events"));
    }

    /**
     * Three gateways at once (one start's time), each misconfigured one way: a wrong password, a trust store of
     * another CA, a login without the gateway's ACLs. Each stops well before its start-up timeout, with the service
     * kit's message naming the cause: not a hang, not a retry loop.
     */
    @Test
    void aMisconfiguredServiceStopsAtStartNamingTheCause() throws Exception {
        ServiceProcess.Service gateway = ServiceProcess.SERVICES.stream()
                .filter(s -> s.module().equals("gateway")).findFirst().orElseThrow();
        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        cases.put("refused this service's login", Map.of("KAFKA_SASL_JAAS_CONFIG",
                KafkaCredentials.jaasConfig(KafkaCredentials.GATEWAY, "wrong")));
        cases.put("the TLS handshake failed", Map.of(
                "KAFKA_SSL_TRUSTSTORE_LOCATION", otherCaTrustStore().get("ssl.truststore.location"),
                "KAFKA_SSL_TRUSTSTORE_PASSWORD", otherCaTrustStore().get("ssl.truststore.password")));
        cases.put("did not authorize this service creating the missing topic", Map.of("KAFKA_SASL_JAAS_CONFIG",
                KafkaCredentials.ensure(config).jaasConfig(KafkaCredentials.MEDIA)));
        List<ServiceProcess> processes = new ArrayList<>();
        try {
            int n = 0;
            for (Map<String, String> env : cases.values()) {
                Map<String, String> extra = new HashMap<>(env);
                extra.put("PARLEY_KAFKA_STARTUP_TIMEOUT", "60s");
                processes.add(ServiceProcess.start(config, gateway, "gateway-misconfigured-" + ++n, Ports.free(),
                        extra));
            }
            int i = 0;
            for (String message : cases.keySet()) {
                ServiceProcess process = processes.get(i++);
                assertTrue(process.process().waitFor(90, TimeUnit.SECONDS), "still running; see " + process.log());
                assertNotEquals(0, process.process().exitValue(), process.log().toString());
                String log = Files.readString(process.log());
                assertTrue(log.contains(message), "no '" + message + "' in " + process.log());
            }
        } finally {
            for (ServiceProcess process : processes) {
                process.close();
            }
        }
    }

    /** The trust store settings of a CA that did not sign the broker's certificate. */
    private static Map<String, String> otherCaTrustStore() throws IOException {
        Path otherHome = config.home().resolve("other-ca");
        DevstackConfig other = new DevstackConfig(ROOT, otherHome, 0, 0, 0, Optional.empty(), Optional.empty(),
                "postgres", "postgres", true);
        DevstackTls tls = DevstackTls.ensure(other);
        return Map.of("ssl.truststore.location", tls.trustStore().toString(),
                "ssl.truststore.password", tls.storePassword());
    }

    /** {@code type} somewhere in what refused a client (the producer may wrap it), else fails naming the chain. */
    private static <T extends Throwable> T assertRefusedBy(Class<T> type, Throwable refused, String what) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = refused; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            chain.append(" <- ").append(t);
        }
        throw new AssertionError(what + ": expected a " + type.getSimpleName() + ", got" + chain);
    }

    private static void assertRefusedWrite(String principal, String topic) throws Exception {
        long before = endOffset(topic);
        Throwable refused = produce(KafkaSecurity.clientProperties(config, principal), topic);
        assertInstanceOf(TopicAuthorizationException.class, refused, principal + " writing " + topic);
        assertEquals(before, endOffset(topic), principal + " wrote " + topic);
    }

    private static Throwable produce(Map<String, String> client, String topic) {
        return produce(client, topic, "{\"type\":\"send\"}");
    }

    /** Sends one record; null when the broker acknowledged it, else what refused it. */
    private static Throwable produce(Map<String, String> client, String topic, String value) {
        Properties props = properties(client);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "6000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get(20, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the producer neither succeeded nor failed in time", e);
        }
    }

    /** Polls once the way a service's consumer would; what refused it, or fails if nothing did. */
    private static Throwable consume(Map<String, String> client, String topic, String group) {
        Properties props = properties(client);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500));
            }
        } catch (RuntimeException refused) {
            return refused;
        }
        throw new AssertionError(group + " read " + topic + " for 20 s without a refusal");
    }

    private static long endOffset(String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                .get(10, TimeUnit.SECONDS).offset();
    }

    private static Properties properties(Map<String, String> map) {
        Properties props = new Properties();
        props.putAll(map);
        return props;
    }
}
