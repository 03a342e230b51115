package io.parley.media.domain;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteRangeTest {

    @Test
    void closedOpenAndSuffixRangesAreParsed() {
        assertEquals(Optional.of(new ByteRange(0, 9)), ByteRange.parse("bytes=0-9", 100));
        assertEquals(Optional.of(new ByteRange(90, 99)), ByteRange.parse("bytes=90-", 100));
        assertEquals(Optional.of(new ByteRange(80, 99)), ByteRange.parse("bytes=-20", 100));
        assertEquals(Optional.of(new ByteRange(0, 99)), ByteRange.parse("bytes=-500", 100));
    }

    @Test
    void anEndPastTheFileIsClamped() {
        assertEquals(Optional.of(new ByteRange(50, 99)), ByteRange.parse("bytes=50-1000", 100));
    }

    @Test
    void noHeaderOtherUnitsAndMultipleRangesMeanTheWholeFile() {
        assertEquals(Optional.empty(), ByteRange.parse(null, 100));
        assertEquals(Optional.empty(), ByteRange.parse("items=0-1", 100));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=0-1,5-6", 100));
    }

    @Test
    void unsatisfiableOrMalformedRangesAre416() {
        assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.parse("bytes=100-", 100));
        assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.parse("bytes=9-3", 100));
        assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.parse("bytes=-0", 100));
        assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.parse("bytes=x-1", 100));
        assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.parse("bytes=-", 100));
    }
}
