package io.parley.chat.slash;

import io.parley.kit.error.InvalidException;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a message text reads as a slash command: {@code /name args…} (the name ends at white space or the end of the
 * text, so {@code /etc/hosts} stays text), and {@code //text} is the escape that posts {@code /text} literally.
 * {@code /me action} is the one built-in: an action message that clients already send as text (the terminal client
 * shows it as "* you action"), so it is never a command and no bot may register {@code me}.
 */
public final class SlashText {

    /** A registered name: lower-case letters, digits, {@code -} and {@code _}, starting with a letter or digit. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    /** The built-in that stays text. */
    static final String ME = "me";
    private static final Pattern INVOCATION = Pattern.compile("^/([A-Za-z0-9][A-Za-z0-9_-]{0,31})(?:\\s+(.*))?$",
            Pattern.DOTALL);

    private SlashText() {
    }

    /** A text as typed: {@code name} lower-case, {@code args} the rest with leading white space dropped. */
    public record Invocation(String name, String args) {
    }

    /** The command a text invokes, if it reads as one (after the {@code //} escape, it never does). */
    public static Optional<Invocation> parse(String text) {
        if (text == null || text.startsWith("//")) {
            return Optional.empty();
        }
        Matcher matcher = INVOCATION.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String name = matcher.group(1).toLowerCase();
        if (ME.equals(name)) {
            return Optional.empty();
        }
        String args = matcher.group(2) == null ? "" : matcher.group(2).strip();
        return Optional.of(new Invocation(name, args));
    }

    /** The text to post: {@code //x} becomes {@code /x}; anything else is unchanged. */
    public static String unescape(String text) {
        return text != null && text.startsWith("//") ? text.substring(1) : text;
    }

    /** A name to register, checked against {@link #NAME}. */
    static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidException("name must be 1–32 of a-z, 0-9, '-' and '_', starting with a letter or digit "
                    + "(without the leading /)");
        }
        if (ME.equals(name)) {
            throw new InvalidException("/me is built in (an action message) and cannot be registered");
        }
        return name;
    }
}
