package io.parley.cli.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * A protocol trace for finding out what happened (the screen is the UI; stderr would draw over it): when
 * {@code --trace FILE} is given, every frame in and out, state change and failed call is appended to FILE. The
 * {@code auth} frame's token is never written.
 */
public final class Trace {
    private static Writer out;

    private Trace() {
    }

    public static synchronized void to(Path file) {
        try {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean on() {
        return out != null;
    }

    public static synchronized void line(String what) {
        if (out == null) {
            return;
        }
        try {
            out.write(Instant.now() + " " + what + "\n");
            out.flush();
        } catch (IOException e) {
            out = null; // a full disk must not take the client down
        }
    }
}
