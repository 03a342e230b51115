package io.parley.cli.model;

import java.util.ArrayList;
import java.util.List;

/** The input line: text edited by code point (never splitting a surrogate pair), and the history of sent lines. */
public final class InputLine {
    private static final int HISTORY_SIZE = 200;

    private final StringBuilder text = new StringBuilder();
    /** Cursor position in chars, always on a code point boundary. */
    private int cursor;
    private final List<String> history = new ArrayList<>();
    /** Position while browsing the history; history.size() = the line being written. */
    private int browsing;
    private String draft = "";

    public String text() {
        return text.toString();
    }

    /** The text left of the cursor (what its column is measured from). */
    public String beforeCursor() {
        return text.substring(0, cursor);
    }

    public void insert(String s) {
        text.insert(cursor, s);
        cursor += s.length();
    }

    public void backspace() {
        if (cursor > 0) {
            int start = text.offsetByCodePoints(cursor, -1);
            text.delete(start, cursor);
            cursor = start;
        }
    }

    public void deleteForward() {
        if (cursor < text.length()) {
            text.delete(cursor, text.offsetByCodePoints(cursor, 1));
        }
    }

    public void left() {
        if (cursor > 0) {
            cursor = text.offsetByCodePoints(cursor, -1);
        }
    }

    public void right() {
        if (cursor < text.length()) {
            cursor = text.offsetByCodePoints(cursor, 1);
        }
    }

    public void home() {
        cursor = 0;
    }

    public void end() {
        cursor = text.length();
    }

    /** Ctrl-W: deletes the word before the cursor. */
    public void deleteWordBack() {
        int start = cursor;
        while (start > 0 && text.charAt(start - 1) == ' ') {
            start--;
        }
        while (start > 0 && text.charAt(start - 1) != ' ') {
            start--;
        }
        text.delete(start, cursor);
        cursor = start;
    }

    /** Ctrl-U: deletes everything before the cursor. */
    public void deleteToStart() {
        text.delete(0, cursor);
        cursor = 0;
    }

    /** Enter: returns the line, keeps it in the history and empties the input. */
    public String take() {
        String line = text.toString();
        if (!line.isBlank() && (history.isEmpty() || !history.get(history.size() - 1).equals(line))) {
            history.add(line);
            if (history.size() > HISTORY_SIZE) {
                history.remove(0);
            }
        }
        browsing = history.size();
        draft = "";
        replace("");
        return line;
    }

    public void previous() {
        if (browsing == history.size()) {
            draft = text.toString();
        }
        if (browsing > 0) {
            browsing--;
            replace(history.get(browsing));
        }
    }

    public void next() {
        if (browsing < history.size()) {
            browsing++;
            replace(browsing == history.size() ? draft : history.get(browsing));
        }
    }

    /** The word the cursor ends (from the last space before it), for completion. */
    public String wordAtCursor() {
        int start = cursor;
        while (start > 0 && text.charAt(start - 1) != ' ') {
            start--;
        }
        return text.substring(start, cursor);
    }

    /** Replaces the word at the cursor with {@code completion}. */
    public void completeWord(String completion) {
        int start = cursor - wordAtCursor().length();
        text.replace(start, cursor, completion);
        cursor = start + completion.length();
    }

    public void replace(String s) {
        text.setLength(0);
        text.append(s);
        cursor = text.length();
    }
}
