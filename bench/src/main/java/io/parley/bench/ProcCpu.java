package io.parley.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * CPU time of processes from {@code /proc/<pid>/stat} (proc(5)): {@code utime} and {@code stime} (the process, all
 * its threads), {@code cutime} and {@code cstime} (its children that ended and were waited for), in clock ticks.
 */
final class ProcCpu {

    /** Clock ticks per second ({@code getconf CLK_TCK}); 100 on Linux unless the kernel says otherwise. */
    static final long TICKS_PER_SECOND = clockTicks();

    private ProcCpu() {
    }

    /** One reading of {@code /proc/<pid>/stat}: fields 4, 14–17 and 22 of proc(5). */
    record Stat(long pid, long ppid, long utime, long stime, long cutime, long cstime, long startTime) {

        /** The process's own CPU, all threads: utime + stime. */
        long ownTicks() {
            return utime + stime;
        }

        /** Its own CPU and that of its children that ended: utime + stime + cutime + cstime. */
        long withEndedChildrenTicks() {
            return utime + stime + cutime + cstime;
        }
    }

    /**
     * Parses the one line of {@code /proc/<pid>/stat}. The command name (field 2) is in parentheses and may hold
     * spaces and parentheses itself, so the fields are counted from the last ')'.
     */
    static Stat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line);
        }
        long pid = Long.parseLong(line.substring(0, open).trim());
        // after ')': field 3 (state) is rest[0], so field n is rest[n - 3]
        String[] rest = line.substring(close + 1).trim().split("\\s+");
        if (rest.length < 20) {
            throw new IllegalArgumentException("too few fields in /proc/<pid>/stat: " + line);
        }
        return new Stat(pid, Long.parseLong(rest[4 - 3]), Long.parseLong(rest[14 - 3]), Long.parseLong(rest[15 - 3]),
                Long.parseLong(rest[16 - 3]), Long.parseLong(rest[17 - 3]), Long.parseLong(rest[22 - 3]));
    }

    /** The current reading for {@code pid}, empty when it is gone (or this is not Linux). */
    static Optional<Stat> read(long pid) {
        try {
            return Optional.of(parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat"),
                    StandardCharsets.US_ASCII)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * CPU ticks of {@code pid} with those of its live children that {@code child} accepts (their own and their ended
     * children's), plus, when {@code endedChildren}, the ticks of its own children that ended. Empty when
     * {@code pid} is gone. A child that ends between two readings moves from the live sum to the parent's cutime, so
     * the total stays continuous as long as the parent waits for its children (a postmaster does).
     */
    static Optional<Long> treeTicks(long pid, boolean endedChildren, Predicate<ProcessHandle> child) {
        Optional<Stat> root = read(pid);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        long ticks = endedChildren ? root.get().withEndedChildrenTicks() : root.get().ownTicks();
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            for (ProcessHandle each : handle.get().children().toList()) {
                if (child.test(each)) {
                    ticks += read(each.pid()).map(Stat::withEndedChildrenTicks).orElse(0L);
                }
            }
        }
        return Optional.of(ticks);
    }

    /** The command line of {@code pid} with NULs as spaces, or "" when it cannot be read. */
    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    static double seconds(long ticks) {
        return ticks / (double) TICKS_PER_SECOND;
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (getconf.waitFor(10, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | NumberFormatException e) {
            // no getconf: Linux's USER_HZ is 100 on every architecture we run on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
