package io.parley.cli.view;

import org.jline.utils.AttributedStyle;

import java.util.Map;

/** The styles of the screen; without colour (a terminal with none, or NO_COLOR) only bold and inverse remain. */
public record Palette(AttributedStyle plain, AttributedStyle bar, AttributedStyle selected, AttributedStyle dim,
                      AttributedStyle name, AttributedStyle ownName, AttributedStyle mention, AttributedStyle unread,
                      AttributedStyle online, AttributedStyle away, AttributedStyle dnd, AttributedStyle error) {

    /**
     * Colour only when the terminal says it has at least 8 (terminfo's {@code max_colors}; null when it has none) and
     * the user did not set {@code NO_COLOR} (no-color.org).
     */
    public static Palette forTerminal(Integer maxColours, Map<String, String> env) {
        String noColour = env.get("NO_COLOR");
        return maxColours != null && maxColours >= 8 && (noColour == null || noColour.isEmpty()) ? colour()
                : monochrome();
    }

    public static Palette colour() {
        AttributedStyle d = AttributedStyle.DEFAULT;
        return new Palette(d, d.inverse(), d.inverse().bold(), d.faint(), d.foreground(AttributedStyle.CYAN).bold(),
                d.foreground(AttributedStyle.GREEN).bold(), d.foreground(AttributedStyle.YELLOW).bold(), d.bold(),
                d.foreground(AttributedStyle.GREEN), d.foreground(AttributedStyle.YELLOW),
                d.foreground(AttributedStyle.RED), d.foreground(AttributedStyle.RED).bold());
    }

    public static Palette monochrome() {
        AttributedStyle d = AttributedStyle.DEFAULT;
        return new Palette(d, d.inverse(), d.inverse().bold(), d, d.bold(), d.bold(), d.bold(), d.bold(), d, d, d,
                d.bold());
    }
}
