package io.parley.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starting, stopping and finding the child processes of the devstack. */
final class Processes {

    private Processes() {
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static final Optional<String> SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(p -> Files.isExecutable(Path.of(p))).findFirst();

    /**
     * The command run in a session (and process group) of its own, where {@code setsid} exists (Linux). A Ctrl-C in
     * the launcher's terminal sends SIGINT to the whole foreground process group: the broker and the services then
     * stopped all at once with the launcher, the services retried a broker that was already gone (5-14 s each on a
     * loaded machine), the gateway's instance.stopped was lost. In a session of their own they get only the
     * launcher's SIGTERM, in its order. {@code setsid} execs the command in place (a child of the JVM is no group
     * leader), so {@link Process#pid()} is the command's pid. An orphan is still found by its pid file.
     */
    static List<String> ownSession(List<String> command) {
        if (SETSID.isEmpty()) {
            return command;
        }
        List<String> out = new java.util.ArrayList<>(command.size() + 1);
        out.add(SETSID.get());
        out.addAll(command);
        return out;
    }

    /** SIGTERM, then SIGKILL after the grace period; waits for the children of the process too. */
    static void stop(Process process, Duration grace) {
        stop(process.toHandle(), grace);
    }

    static void stop(ProcessHandle handle, Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = handle.descendants().toList();
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timeout) {
            handle.destroyForcibly();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Stops a process left running by an earlier devstack that was killed, identified by the pid file and a marker
     * in its command line (so an unrelated process that reused the pid is never touched).
     */
    static void stopOrphan(Path pidFile, String commandMarker) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> orphan = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(commandMarker)).orElse(false));
        orphan.ifPresent(p -> {
            System.out.println("Stopping " + commandMarker + " left over from an earlier run (pid " + p.pid() + ")");
            stop(p, Duration.ofSeconds(30));
        });
        Files.deleteIfExists(pidFile);
    }

    static Optional<Long> readPid(Path pidFile) {
        try {
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            return Optional.of(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The last lines of a log, for an error message that says why a process failed. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
