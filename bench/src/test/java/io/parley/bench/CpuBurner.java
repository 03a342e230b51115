package io.parley.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A child process for {@link ProcCpuTest}: spins until its main thread has used {@code args[0]} ms of CPU (however
 * long that takes on a loaded machine), prints {@code burnt}, then waits until its stdin closes.
 */
public final class CpuBurner {

    private CpuBurner() {
    }

    public static void main(String[] args) throws Exception {
        long wantedNanos = Long.parseLong(args[0]) * 1_000_000L;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        while (threads.getCurrentThreadCpuTime() < wantedNanos) {
            for (int i = 0; i < 100_000; i++) {
                sink += i * 31L ^ sink;
            }
        }
        System.out.println("burnt " + (sink & 1));
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our stdin
        }
    }
}
