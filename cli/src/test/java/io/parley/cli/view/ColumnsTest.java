package io.parley.cli.view;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColumnsTest {

    @Test
    void wideCharactersTakeTwoColumns() {
        assertEquals(4, Columns.width("日本"));
        assertEquals(2, Columns.width("😀"));
        assertEquals(3, Columns.width("abc"));
    }

    @Test
    void cuttingNeverSplitsAWideCharacter() {
        assertEquals("日", Columns.cut("日本", 3));
        assertEquals("a😀", Columns.cut("a😀b", 3));
    }

    @Test
    void wrappingKeepsEveryLineWithinTheWidthAndLosesNoText() {
        String text = "the quick brown 狐 jumps over 😀😀😀 a_very_long_word_without_spaces_at_all";
        List<String> lines = Columns.wrap(text, 10);
        for (String line : lines) {
            assertTrue(Columns.width(line) <= 10, line);
        }
        assertEquals(text.replace(" ", ""), String.join("", lines).replace(" ", ""));
    }
}
