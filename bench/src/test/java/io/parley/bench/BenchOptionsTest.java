package io.parley.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BenchOptionsTest {

    @Test
    void defaultsFollowTheIssue() {
        assertEquals(19_000, BenchOptions.parse("connect").sockets());
        assertEquals(1_000, BenchOptions.parse("fanout").subscribers());
        assertEquals(10_000, BenchOptions.parse("dm").rate());
        assertEquals(Duration.ofSeconds(30), BenchOptions.parse("fanout").duration());
    }

    @Test
    void parsesDurationAndJsonFile() {
        BenchOptions options = BenchOptions.parse("fanout", "--duration", "2m", "--json", "out.json");

        assertEquals(Duration.ofMinutes(2), options.duration());
        assertEquals(Path.of("out.json"), options.json().orElseThrow());
        assertEquals(Duration.ofMillis(500), BenchOptions.duration("500ms"));
    }

    @Test
    void sendersStayUnderTheDefaultPerUserSendRate() {
        assertEquals(13, BenchOptions.parse("fanout", "--rate", "100").senders());
    }

    @Test
    void rejectsUnknownScenariosAndOptions() {
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("storm"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("fanout", "--colour", "red"));
    }

    @Test
    void hookDelayIsForDmOnlyAndWithinTheDeliveryTimeout() {
        assertEquals(Duration.ofMillis(200), BenchOptions.parse("dm", "--hook-delay", "200ms").hookDelay().orElseThrow());
        assertEquals(java.util.Optional.empty(), BenchOptions.parse("dm").hookDelay());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("fanout", "--hook-delay", "200ms"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("baseline-dm", "--hook-delay", "1s"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("dm", "--hook-delay", "11s"));
    }

    @Test
    void botPongersIsTheControlOfHookDelayForDmOnly() {
        assertEquals(true, BenchOptions.parse("dm", "--bot-pongers", "--rate", "400").botPongers());
        assertEquals(400, BenchOptions.parse("dm", "--bot-pongers", "--rate", "400").rate());
        assertEquals(false, BenchOptions.parse("dm").botPongers());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("fanout", "--bot-pongers"));
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse("dm", "--bot-pongers", "--hook-delay", "200ms"));
    }

    @Test
    void overloadHasASustainableRateAFactorAndShortPhases() {
        BenchOptions options = BenchOptions.parse("overload");
        assertEquals(300, options.rate());
        assertEquals(3.0, options.overloadFactor());
        assertEquals(Duration.ofSeconds(10), options.duration());
        assertEquals(2.5, BenchOptions.parse("overload", "--overload-factor", "2.5").overloadFactor());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("overload", "--overload-factor", "1"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("overload", "--overload-factor", "x"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("dm", "--overload-factor", "3"));
    }
}
