package io.parley.bench;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /proc/<pid>/stat read for real: this JVM and a child that burns a known amount of CPU. */
class ProcCpuTest {

    private static final long BURN_MS = 1_000;

    @Test
    void parsesTheFieldsAfterTheLastParenthesisOfTheCommandName() {
        // field 2 may hold spaces and parentheses; fields 4 (ppid), 14-17 (utime..cstime), 22 (starttime)
        String line = "4242 (we ird) (name) S 17 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 89 10 20 0 31 0 "
                + "987654 1000000 500 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        ProcCpu.Stat stat = ProcCpu.parse(line);

        assertEquals(4242, stat.pid());
        assertEquals(17, stat.ppid());
        assertEquals(1234, stat.utime());
        assertEquals(567, stat.stime());
        assertEquals(89, stat.cutime());
        assertEquals(10, stat.cstime());
        assertEquals(987654, stat.startTime());
        assertEquals(1234 + 567, stat.ownTicks());
        assertEquals(1234 + 567 + 89 + 10, stat.withEndedChildrenTicks());
        assertThrows(IllegalArgumentException.class, () -> ProcCpu.parse("4242 no name S 1"));
    }

    @Test
    void readsThisJvmFromProc() {
        ProcCpu.Stat self = ProcCpu.read(ProcessHandle.current().pid()).orElseThrow();

        assertEquals(ProcessHandle.current().pid(), self.pid());
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), self.ppid());
        // a JVM that loaded JUnit has used well over 0.1 s of CPU
        assertTrue(self.ownTicks() >= ProcCpu.TICKS_PER_SECOND / 10, "ticks " + self);
        assertTrue(ProcCpu.read(Long.MAX_VALUE / 2).isEmpty(), "no such process");
    }

    @Test
    void countsALiveChildsCpuAndThenAnEndedOneInTheParentsChildTime() throws Exception {
        long self = ProcessHandle.current().pid();
        long endedBefore = ProcCpu.read(self).orElseThrow().cutime() + ProcCpu.read(self).orElseThrow().cstime();
        Process burner = ForkedJava.command(CpuBurner.class, List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"),
                List.of(Long.toString(BURN_MS))).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String line = new BufferedReader(new InputStreamReader(burner.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertTrue(line != null && line.startsWith("burnt"), "the burner said " + line);
            long burnTicks = BURN_MS * ProcCpu.TICKS_PER_SECOND / 1000;

            long child = ProcCpu.read(burner.pid()).orElseThrow().ownTicks();
            assertTrue(child >= burnTicks, "the child burnt " + BURN_MS + " ms of CPU, /proc says " + child
                    + " ticks");
            long own = ProcCpu.read(self).orElseThrow().ownTicks();
            long withChild = ProcCpu.treeTicks(self, false, c -> c.pid() == burner.pid()).orElseThrow();
            assertTrue(withChild - own >= burnTicks, "tree " + withChild + " vs own " + own);
            long without = ProcCpu.treeTicks(self, false, c -> false).orElseThrow();
            assertTrue(without < withChild, "a child filtered out does not count");
        } finally {
            burner.getOutputStream().close();
        }
        assertTrue(burner.waitFor(60, TimeUnit.SECONDS));
        // once waited for, the child's CPU is the parent's cutime + cstime
        long endedAfter = ProcCpu.read(self).orElseThrow().cutime() + ProcCpu.read(self).orElseThrow().cstime();
        assertTrue(endedAfter - endedBefore >= BURN_MS * ProcCpu.TICKS_PER_SECOND / 1000,
                "ended children's ticks grew by " + (endedAfter - endedBefore));
    }

    @Test
    void clockTicksAreGetconfs() throws Exception {
        Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
        String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertTrue(getconf.waitFor(10, TimeUnit.SECONDS));

        assertEquals(Long.parseLong(out), ProcCpu.TICKS_PER_SECOND);
    }
}
