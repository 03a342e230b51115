package io.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads a server process's resident memory from /proc, and finds a running gateway by its port. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** VmRSS of the process in KiB, or -1 when it cannot be read. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /**
     * The live heap of a JVM by class, in bytes, from {@code jcmd <pid> GC.class_histogram} (which runs a full GC
     * first, so only reachable objects count); empty when jcmd cannot read the process (another JDK, not a JVM).
     */
    static Map<String, Long> liveHeapByClass(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Map<String, Long> bytes = new HashMap<>();
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Map.of();
            }
            // "   1:        12345        678901  java.lang.String (java.base@17)"
            for (String line : output.split("\n")) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 4 && fields[0].endsWith(":")) {
                    bytes.merge(fields[3], Long.parseLong(fields[2]), Long::sum);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
        return bytes;
    }

    /**
     * The gateway process listening on {@code port}: a {@code gateway/target/quarkus-app/quarkus-run.jar} whose
     * QUARKUS_HTTP_PORT is that port (or unset, for 8080).
     */
    static OptionalLong findGateway(int port) {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> read(p.resolve("cmdline")).contains("gateway/target/quarkus-app/quarkus-run.jar"))
                    .filter(p -> portOf(read(p.resolve("environ"))) == port)
                    .mapToLong(p -> Long.parseLong(p.getFileName().toString()))
                    .findFirst();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    private static int portOf(String environ) {
        for (String entry : environ.split("\0")) {
            if (entry.startsWith("QUARKUS_HTTP_PORT=")) {
                try {
                    return Integer.parseInt(entry.substring("QUARKUS_HTTP_PORT=".length()).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return 8080;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
