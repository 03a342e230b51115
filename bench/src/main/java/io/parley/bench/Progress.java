package io.parley.bench;

/** Progress lines on stderr, so stdout stays the table and the JSON. */
final class Progress {

    private Progress() {
    }

    static void say(String format, Object... args) {
        System.err.printf("[bench] " + format + "%n", args);
    }
}
