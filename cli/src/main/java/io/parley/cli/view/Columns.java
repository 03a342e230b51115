package io.parley.cli.view;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.WCWidth;

import java.util.ArrayList;
import java.util.List;

/** Text measured in terminal columns (a CJK character or an emoji takes two), never in chars. */
public final class Columns {
    private Columns() {
    }

    public static int width(String text) {
        int w = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            w += Math.max(0, WCWidth.wcwidth(cp));
            i += Character.charCount(cp);
        }
        return w;
    }

    /** Cuts to at most {@code width} columns (a wide character that would straddle the edge is left out). */
    public static String cut(String text, int width) {
        StringBuilder out = new StringBuilder();
        int w = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int cw = Math.max(0, WCWidth.wcwidth(cp));
            if (w + cw > width) {
                break;
            }
            out.appendCodePoint(cp);
            w += cw;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** Exactly {@code width} columns: cut, then padded with the style's spaces. */
    public static AttributedString fit(AttributedString line, int width) {
        return fit(line, AttributedStyle.DEFAULT, width);
    }

    /** Exactly {@code width} columns, padded in {@code padding} (a bar keeps its inverse video to the edge). */
    public static AttributedString fit(AttributedString line, AttributedStyle padding, int width) {
        AttributedString cut = line.columnLength() > width ? line.columnSubSequence(0, width) : line;
        int missing = width - cut.columnLength();
        if (missing <= 0) {
            return cut;
        }
        AttributedStringBuilder b = new AttributedStringBuilder().append(cut);
        b.append(" ".repeat(missing), padding);
        return b.toAttributedString();
    }

    public static AttributedString fit(String text, AttributedStyle style, int width) {
        return fit(new AttributedString(text, style), style, width);
    }

    /**
     * Word-wraps to lines of at most {@code width} columns; a word longer than a line is broken. Control characters
     * (a message may carry tabs or escapes) become spaces so they cannot move the cursor.
     */
    public static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        if (width <= 0) {
            return lines;
        }
        for (String paragraph : clean(text).split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            int lineWidth = 0;
            for (String word : paragraph.split(" ", -1)) {
                int ww = width(word);
                int needed = line.length() == 0 ? ww : ww + 1;
                if (lineWidth + needed <= width) {
                    if (line.length() > 0) {
                        line.append(' ');
                    }
                    line.append(word);
                    lineWidth += needed;
                    continue;
                }
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                    lineWidth = 0;
                }
                while (width(word) > width) {
                    String head = cut(word, width);
                    if (head.isEmpty()) {
                        head = word.substring(0, Character.charCount(word.codePointAt(0)));
                    }
                    lines.add(head);
                    word = word.substring(head.length());
                }
                line.append(word);
                lineWidth = width(word);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** Control characters but the newline become spaces. */
    public static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\n') {
                out.append('\n');
            } else if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                out.append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** The first {@code height} lines, padded with blank ones. */
    static List<AttributedString> window(List<AttributedString> lines, int width, int height) {
        List<AttributedString> out = new ArrayList<>(lines.subList(0, Math.min(height, lines.size())));
        while (out.size() < height) {
            out.add(fit("", AttributedStyle.DEFAULT, width));
        }
        return out;
    }
}
