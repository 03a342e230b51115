package io.parley.system;

import io.parley.devstack.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The services the devstack starts run with its JVM options unless {@code PARLEY_JAVA_OPTS} says otherwise: C1 only
 * for chat-, session-, media- and auth-service (issue 21 point 4: C2 compiling in six JVMs at once is what a stack that
 * has just become ready spent its CPU on), tiered for the gateway (fan-out is CPU-bound there); each with the
 * class-data sharing archive its package built, which the JVM can use (docs/operations.md, "Class-data sharing").
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
    void everyStartedServiceRunsWithTheClassDataSharingArchiveOfItsPackage() throws IOException {
        assumeTrue(System.getenv().getOrDefault("PARLEY_JAVA_OPTS", "").isBlank(),
                "PARLEY_JAVA_OPTS is set: the services run with those options instead");
        ParleyStack stack = ParleyStack.get();
        for (String name : stack.services()) {
            ServiceProcess service = stack.process(name);
            List<String> arguments = List.of(service.process().info().arguments()
                    .orElseThrow(() -> new AssertionError(name + ": its command line cannot be read")));
            String jar = arguments.get(arguments.indexOf("-jar") + 1);
            Path archive = Path.of(jar).resolveSibling("app-cds.jsa");
            assertTrue(Files.isRegularFile(archive), name + ": the package built no " + archive);
            assertTrue(arguments.contains("-XX:SharedArchiveFile=" + archive), name + " runs with " + arguments);
            // the JVM says so on its output (the service's log) when it cannot use the archive
            // ("[warning][cds,dynamic] Unable to use shared archive"): a class path it cannot find, another JDK
            assertFalse(Files.readString(service.log()).contains("][cds"),
                    name + " logged a class-data sharing problem");
        }
    }

    @Test
    void theArchiveIsAddedWhenThePackageHasOneAndTheOptionsChooseNone(@TempDir Path quarkusApp) throws IOException {
        assertEquals(List.of(), ServiceProcess.classDataSharing(quarkusApp, List.of("-Xmx512m")), "no archive");
        Path archive = Files.createFile(quarkusApp.resolve("app-cds.jsa"));
        assertEquals(List.of("-XX:SharedArchiveFile=" + archive.toAbsolutePath(), "-Xshare:auto"),
                ServiceProcess.classDataSharing(quarkusApp, List.of("-Xmx512m")));
        assertEquals(List.of(), ServiceProcess.classDataSharing(quarkusApp, List.of("-Xmx1g", "-Xshare:off")));
        assertEquals(List.of(), ServiceProcess.classDataSharing(quarkusApp,
                List.of("-XX:SharedArchiveFile=/opt/other.jsa")));
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
