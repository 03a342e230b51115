package io.parley.kit.rest;

import io.parley.kit.error.InvalidException;
import io.parley.kit.error.NotFoundException;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QueryParamsTest {

    @Test
    void anAbsentLimitIsTheDefault() {
        assertEquals(50, QueryParams.limit(null, 50, 200));
        assertEquals(50, QueryParams.limit("", 50, 200));
    }

    @Test
    void aLimitInRangeIsTaken() {
        assertEquals(1, QueryParams.limit("1", 50, 200));
        assertEquals(200, QueryParams.limit("200", 50, 200));
    }

    @Test
    void aLimitOutOfRangeOrNotANumberIsInvalidAndNamesTheRange() {
        for (String bad : new String[] {"0", "201", "-3", "ten", "1.5", "99999999999"}) {
            InvalidException e = assertThrows(InvalidException.class, () -> QueryParams.limit(bad, 50, 200), bad);
            assertEquals("limit: must be an integer from 1 to 200", e.getMessage());
        }
    }

    @Test
    void aMalformedPathIdIsNotFound() {
        UUID id = UUID.randomUUID();
        assertEquals(id, QueryParams.pathId(id.toString(), "user"));
        NotFoundException e = assertThrows(NotFoundException.class, () -> QueryParams.pathId("nope", "user"));
        assertEquals("no such user", e.getMessage());
    }

    @Test
    void aQueryIdMustBeACanonicalUuid() {
        UUID id = UUID.randomUUID();
        assertEquals(id, QueryParams.uuid("userId", id.toString()));
        for (String bad : new String[] {"1-1-1-1-1", "nope", "", id + "x"}) {
            InvalidException e = assertThrows(InvalidException.class, () -> QueryParams.uuid("userId", bad), bad);
            assertEquals("userId must be a UUID", e.getMessage());
        }
        assertThrows(InvalidException.class, () -> QueryParams.uuid("userId", null));
    }

    @Test
    void optionalQueryValuesAreNullWhenAbsentAndInvalidWhenMalformed() {
        assertEquals(null, QueryParams.optionalUuid("after", null));
        assertEquals(null, QueryParams.optionalUuid("after", ""));
        assertEquals(null, QueryParams.optionalLong("before", ""));
        assertEquals(42L, QueryParams.optionalLong("before", "42"));
        assertEquals("before must be an integer",
                assertThrows(InvalidException.class, () -> QueryParams.optionalLong("before", "4x")).getMessage());
        assertEquals("channelId must be a UUID",
                assertThrows(InvalidException.class, () -> QueryParams.optionalUuid("channelId", "1-1-1-1-1"))
                        .getMessage());
    }
}
