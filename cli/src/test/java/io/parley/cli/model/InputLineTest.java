package io.parley.cli.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InputLineTest {

    @Test
    void editingMovesByCodePointsSoAnEmojiIsNeverHalved() {
        InputLine input = new InputLine();
        input.insert("a😀b");
        input.left();
        input.left();
        input.backspace();
        assertEquals("😀b", input.text());
        input.right();
        input.backspace();
        assertEquals("b", input.text());
    }

    @Test
    void historyRecallsSentLinesAndKeepsTheDraft() {
        InputLine input = new InputLine();
        input.insert("first");
        input.take();
        input.insert("second");
        input.take();
        input.insert("draft");
        input.previous();
        assertEquals("second", input.text());
        input.previous();
        assertEquals("first", input.text());
        input.next();
        input.next();
        assertEquals("draft", input.text());
    }

    @Test
    void wordsAreCompletedInPlace() {
        InputLine input = new InputLine();
        input.insert("/jo");
        assertEquals("/jo", input.wordAtCursor());
        input.completeWord("/join ");
        input.insert("gen");
        assertEquals("gen", input.wordAtCursor());
        input.deleteWordBack();
        assertEquals("/join ", input.text());
        input.deleteToStart();
        assertEquals("", input.text());
    }
}
