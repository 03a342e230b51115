package io.parley.system;

import io.parley.devstack.DevstackConfig;
import io.parley.devstack.Ports;
import io.parley.devstack.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, "bad configuration gets a clear error": a reactive database URL that differs from Flyway's JDBC one
 * (whose migration passes) used to show only at the first query, as a stack trace at every retry. The service kit's
 * start-up check ({@code SELECT 1} through the pool) now ends the start with one line naming the cause.
 */
class DatabaseStartupCheckTest {

    private final ParleyStack stack = ParleyStack.get();

    @Test
    void aServiceWhoseReactiveUrlIsWrongStopsAtStartNamingTheCause() throws Exception {
        DevstackConfig config = stack.config;
        ServiceProcess.Service chat = ServiceProcess.SERVICES.stream()
                .filter(s -> s.module().equals("chat-service")).findFirst().orElseThrow();
        int closedPort = Ports.free();
        String noSuchDb = config.reactiveUrl("no_such_database");
        String wrongPort = config.reactiveUrl("chat").replaceFirst(":\\d+/", ":" + closedPort + "/");
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(noSuchDb, "/no_such_database has no such database (SQLSTATE 3D000");
        cases.put(wrongPort, ":" + closedPort + "/chat is not reachable (");
        List<ServiceProcess> processes = new ArrayList<>();
        try {
            int n = 0;
            for (String url : cases.keySet()) {
                processes.add(ServiceProcess.start(config, chat, "chat-misconfigured-db-" + ++n, Ports.free(),
                        Map.of("QUARKUS_DATASOURCE_REACTIVE_URL", url, "PARLEY_KAFKA_STARTUP_TIMEOUT", "60s")));
            }
            int i = 0;
            for (String expected : cases.values()) {
                ServiceProcess process = processes.get(i++);
                assertTrue(process.process().waitFor(120, TimeUnit.SECONDS), "still running; see " + process.log());
                assertNotEquals(0, process.process().exitValue(), process.log().toString());
                String log = Files.readString(process.log());
                assertTrue(log.contains("PostgreSQL at ") && log.contains(expected),
                        "no '" + expected + "' in " + process.log());
                // said at the start and once more in Quarkus's start-up failure, not at every retry of a pool
                long mentions = log.lines().filter(line -> line.contains(expected)).count();
                assertTrue(mentions >= 1 && mentions <= 3, mentions + " lines say it in " + process.log());
                assertEquals(-1, log.indexOf("password=postgres"), "a secret in " + process.log());
            }
        } finally {
            for (ServiceProcess process : processes) {
                process.close();
            }
        }
    }
}
