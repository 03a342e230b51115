package io.parley.media.domain;

import java.text.Normalizer;

/** A client-supplied file name made safe to store and to send back in a header. */
public final class FileName {

    static final int MAX_CODE_POINTS = 200;
    private static final int MAX_EXTENSION = 16;
    private static final String FALLBACK = "file";

    private FileName() {
    }

    /**
     * Drops any path (either separator), control and invisible format characters (e.g. bidi overrides that disguise
     * an extension), surrounding dots and spaces, and shortens it to 200 code points keeping a short extension.
     */
    public static String sanitize(String raw) {
        if (raw == null) {
            return FALLBACK;
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        StringBuilder kept = new StringBuilder();
        name.codePoints().filter(FileName::isVisible).forEach(kept::appendCodePoint);
        name = strip(kept.toString());
        if (name.isEmpty()) {
            return FALLBACK;
        }
        return shorten(name);
    }

    private static boolean isVisible(int cp) {
        int type = Character.getType(cp);
        return !Character.isISOControl(cp) && type != Character.FORMAT && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE && type != Character.SURROGATE;
    }

    private static String strip(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && (name.charAt(start) == '.' || Character.isWhitespace(name.charAt(start)))) {
            start++;
        }
        while (end > start && (name.charAt(end - 1) == '.' || Character.isWhitespace(name.charAt(end - 1)))) {
            end--;
        }
        return name.substring(start, end);
    }

    private static String shorten(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_CODE_POINTS) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= MAX_EXTENSION ? name.substring(dot) : "";
        String stem = extension.isEmpty() ? name : name.substring(0, dot);
        int keep = MAX_CODE_POINTS - extension.codePointCount(0, extension.length());
        return stem.substring(0, stem.offsetByCodePoints(0, keep)) + extension;
    }
}
