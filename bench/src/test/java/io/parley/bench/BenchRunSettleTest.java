package io.parley.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wait for a quiet stack before the baseline run. */
class BenchRunSettleTest {

    @Test
    void anIdleStackIsSettledAfterTwoQuietSeconds() throws Exception {
        Process idle = new ProcessBuilder("sleep", "30").start();
        try {
            double waited = BenchRun.settle(List.of(member(idle)), 20);

            assertTrue(waited >= BenchRun.SETTLED_SECONDS && waited < 10, "waited " + waited + " s");
        } finally {
            idle.destroy();
        }
    }

    @Test
    void aBusyStackIsWaitedForUntilTheLimit() throws Exception {
        Process busy = ForkedJava.command(CpuBurner.class, List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"),
                List.of("600000")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            double waited = BenchRun.settle(List.of(member(busy)), 4);

            assertTrue(waited >= 4, "settled after " + waited + " s while a core was spinning");
            // the burner has not said it is done: it spun the whole time
            assertTrue(busy.isAlive() && busy.getInputStream().available() == 0, "the burner stopped early");
        } finally {
            busy.getOutputStream().close();
            busy.destroyForcibly();
        }
    }

    private static StackProcesses.Member member(Process process) {
        return new StackProcesses.Member("probe", StackProcesses.Kind.PROCESS, List.of(process.pid()));
    }
}
