package io.parley.system;

import io.parley.devstack.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The services the devstack starts run with its JVM options unless {@code PARLEY_JAVA_OPTS} says otherwise: C1 only
 * for chat-, session-, media- and auth-service (issue 21 point 4: C2 compiling in six JVMs at once is what a stack that
 * has just become ready spent its CPU on), tiered for the gateway (fan-out is CPU-bound there).
 */
class ServiceJvmOptionsTest {

    @Test
    void everyStartedServiceRunsWithTheDefaultJvmOptions() {
        assumeTrue(System.getenv().getOrDefault("PARLEY_JAVA_OPTS", "").isBlank(),
                "PARLEY_JAVA_OPTS is set: the services run with those options instead");
        ParleyStack stack = ParleyStack.get();
        for (String name : stack.services()) {
            List<String> arguments = List.of(stack.process(name).process().info().arguments()
                    .orElseThrow(() -> new AssertionError(name + ": its command line cannot be read")));
            boolean gateway = name.startsWith("gateway");
            assertEquals(!gateway, arguments.contains("-XX:TieredStopAtLevel=1"), name + " runs with " + arguments);
            assertTrue(arguments.contains("-Xmx512m"), name + " runs with " + arguments);
        }
    }

    @Test
    void parleyJavaOptsReplacesTheDefaultAndABlankValueKeepsIt() {
        for (String module : List.of("chat-service", "gateway")) {
            assertEquals(List.of("-Xmx1g", "-XX:+UseParallelGC"),
                    ServiceProcess.javaOptions(Map.of("PARLEY_JAVA_OPTS", "  -Xmx1g\t -XX:+UseParallelGC "), module));
        }
        assertEquals(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"),
                ServiceProcess.javaOptions(Map.of(), "chat-service"));
        assertEquals(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"),
                ServiceProcess.javaOptions(Map.of("PARLEY_JAVA_OPTS", "   "), "media-service"));
        assertEquals(List.of("-Xmx512m"), ServiceProcess.javaOptions(Map.of(), "gateway"));
    }
}
