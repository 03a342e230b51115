package io.parley.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Test resource that gives a {@code @QuarkusTest} real Kafka and PostgreSQL: the servers named by
 * {@code KAFKA_BOOTSTRAP_SERVERS} / {@code QUARKUS_DATASOURCE_*_URL} when set, else a running devstack, else a
 * devstack it starts itself (ended with the test JVM). Init arg {@code database}: the service's database. The
 * services that serve {@code /internal/*} (databases chat and sessions) also get the devstack's service credential.
 */
public class DevstackResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
    }

    @Override
    public Map<String, String> start() {
        DevstackConfig config = DevstackConfig.fromEnvironment(DevstackConfig.findRoot(Path.of("")));
        boolean ownPg = System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL") == null && config.externalPg().isEmpty();
        boolean ownKafka = config.externalKafka().isEmpty();
        DevstackProcess.ensureRunning(config, ownKafka, ownPg);

        Map<String, String> properties = new HashMap<>();
        if (ownKafka) {
            properties.put("kafka.bootstrap.servers", config.kafkaBootstrap());
        }
        if (database != null && System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL") == null) {
            properties.put("quarkus.datasource.reactive.url", config.reactiveUrl(database));
            properties.put("quarkus.datasource.jdbc.url", config.jdbcUrl(database));
            properties.put("quarkus.datasource.username", config.pgUser());
            properties.put("quarkus.datasource.password", config.pgPassword());
        }
        if ("chat".equals(database) || "sessions".equals(database)) {
            // a service that serves /internal/* checks the devstack's credential; its tests also get the private key,
            // to call those routes as the gateway does (the kit's test helper ServiceTokens)
            Path credential = InternalCredentials.ensure(config);
            properties.put("parley.internal.public-key-location", credential.resolve("public.pem").toString());
            properties.put("parley.internal.private-key-location", credential.resolve("private.pem").toString());
        }
        return properties;
    }

    @Override
    public void stop() {
        // a spawned devstack lives as long as this JVM (its --parent-pid watch ends it), so other test classes reuse it
    }
}
