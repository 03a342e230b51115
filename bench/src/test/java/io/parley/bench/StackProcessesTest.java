package io.parley.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finding a stack's services from pid files, with real processes whose command lines name the modules' jars. */
class StackProcessesTest {

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process process : started) {
            process.destroyForcibly().waitFor();
        }
    }

    /** {@code sh -c "while :; do sleep 1; done" <jar>}: a live process whose command line names the jar. */
    private long service(Path run, String pidFile, String module) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", "while :; do sleep 1; done",
                "/repo/" + module + "/target/quarkus-app/quarkus-run.jar").start();
        started.add(process);
        Files.writeString(run.resolve(pidFile), Long.toString(process.pid()));
        return process.pid();
    }

    @Test
    void takesTheServicesOfTheGatewaysStackOnly(@TempDir Path run) throws Exception {
        long benchGateway = service(run, "bench-gateway.pid", "gateway");
        long benchChat = service(run, "bench-chat-service.pid", "chat-service");
        service(run, "chat-service.pid", "chat-service");
        long upGateway = service(run, "gateway.pid", "gateway");
        Files.writeString(run.resolve("auth-service.pid"), "999999999");
        Files.writeString(run.resolve("bench-session-service.pid"), "not a pid");

        List<String> notes = new ArrayList<>();
        Map<String, List<Long>> pids = StackProcesses.servicePids(run, OptionalLong.of(benchGateway), notes);

        assertEquals(Map.of("gateway", List.of(benchGateway), "chat-service", List.of(benchChat)), pids);
        assertTrue(notes.isEmpty(), notes.toString());
        assertEquals(List.of(upGateway), StackProcesses.servicePids(run, OptionalLong.of(upGateway), notes)
                .get("gateway"));
    }

    @Test
    void withoutTheGatewaysPidOnlyOneStackIsTakenAndSeveralAreNotGuessed(@TempDir Path run) throws Exception {
        long a = service(run, "st-gateway-a.pid", "gateway");
        long b = service(run, "st-gateway-b.pid", "gateway");
        long chat = service(run, "st-chat-service.pid", "chat-service");
        List<String> notes = new ArrayList<>();

        assertEquals(Map.of("gateway", List.of(a, b), "chat-service", List.of(chat)),
                StackProcesses.servicePids(run, OptionalLong.empty(), notes));

        service(run, "chat-service.pid", "chat-service");
        assertEquals(Map.of(), StackProcesses.servicePids(run, OptionalLong.empty(), notes));
        assertTrue(notes.get(0).contains("several stacks"), notes.toString());
    }

    @Test
    void portsOfAddressesAndUrls() {
        assertEquals(OptionalInt.of(19200), StackProcesses.portOf("127.0.0.1:19200"));
        assertEquals(OptionalInt.of(9092), StackProcesses.portOf("localhost:9092,localhost:9094"));
        assertEquals(OptionalInt.of(19202), StackProcesses.portOf("postgresql://127.0.0.1:19202/chat"));
        assertEquals(OptionalInt.empty(), StackProcesses.portOf("localhost"));
    }
}
