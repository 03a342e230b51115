package io.parley.bench;

import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DmScenarioTest {

    @Test
    void aRefusedPongIsNeitherAwaitedNorLost() {
        BitSet acked = bits(0, 1, 2, 3, 4);
        BitSet ponged = bits(0, 1);
        // ping 2's pong was answered UNAVAILABLE; pings 3 and 4 still owe their round trip
        BitSet refused = bits(2);
        assertEquals(2, DmScenario.awaited(acked, ponged, refused));
        ponged.set(3);
        refused.set(4);
        assertEquals(0, DmScenario.awaited(acked, ponged, refused));
    }

    @Test
    void pongsOfPingsNotAcknowledgedOweNothing() {
        // ping 1 was answered UNAVAILABLE but carried anyway: its pong arrives without being owed
        BitSet acked = bits(0);
        BitSet ponged = bits(0, 1);
        assertEquals(0, DmScenario.awaited(acked, ponged, new BitSet()));
        // a ping acknowledged whose pong neither arrived nor was refused is owed (lost once the drain gives up)
        assertEquals(1, DmScenario.awaited(bits(0, 5), ponged, new BitSet()));
    }

    private static BitSet bits(int... indexes) {
        BitSet bits = new BitSet();
        for (int i : indexes) {
            bits.set(i);
        }
        return bits;
    }
}
