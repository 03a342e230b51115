package io.parley.session.domain;

/** The free text beside a presence status: at most 128 code points, no control characters. */
public final class PresenceText {

    public static final int MAX_CODE_POINTS = 128;

    private PresenceText() {
    }

    public static boolean isValid(String text) {
        return text == null || (text.codePointCount(0, text.length()) <= MAX_CODE_POINTS
                && text.codePoints().noneMatch(Character::isISOControl));
    }
}
