package io.parley.system;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The terminal client in a real pseudo-terminal: a session of Debian's tmux on a tmux server of its own (so nothing
 * else's sessions are touched), keys sent with {@code send-keys}, the screen read with {@code capture-pane}.
 * Conditions on the screen are awaited by polling, never by sleeping a fixed time.
 */
final class TerminalScreen implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);

    private final String server;
    private final String name;
    private final List<String> command;

    private TerminalScreen(String server, String name, List<String> command) {
        this.server = server;
        this.name = name;
        this.command = command;
    }

    static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static void assumeAvailable() {
        Assumptions.assumeTrue(available(), "skipped: no tmux here; install Debian's tmux (.ci/run does)");
    }

    /**
     * Starts the packaged client ({@code java -jar cli/target/parley-cli.jar --url URL}) in a new width x height
     * window, with its own config directory (where it keeps the refresh token) and a UTF-8 locale; its protocol trace
     * goes to {@code trace} (for a look after a failure).
     */
    static TerminalScreen start(String server, String name, int width, int height, Path root, String url,
                                Path configHome, Path trace) throws IOException, InterruptedException {
        Path jar = root.resolve("cli/target/parley-cli.jar");
        if (!jar.toFile().isFile()) {
            throw new IllegalStateException("the client is not packaged: " + jar + " (./mvnw package -pl cli)");
        }
        List<String> command = List.of("env", "XDG_CONFIG_HOME=" + configHome, "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
                "TZ=UTC", "java", "-Xmx128m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--url", url,
                "--trace", trace.toString());
        List<String> args = new ArrayList<>(List.of("new-session", "-d", "-s", name, "-x", String.valueOf(width),
                "-y", String.valueOf(height)));
        args.addAll(command);
        TerminalScreen screen = new TerminalScreen(server, name, command);
        screen.tmux(args.toArray(String[]::new));
        // keep the pane (and what it shows) after the client exits, for the checks made after /quit
        screen.tmux("set-option", "-t", name, "remain-on-exit", "on");
        return screen;
    }

    /** Types text literally (UTF-8, emoji and CJK included). */
    void type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", name, "-l", text);
    }

    /** Presses tmux's named keys: Enter, PageUp, C-n, ... */
    void press(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", name));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types a line and presses Enter. */
    void enter(String line) throws IOException, InterruptedException {
        type(line);
        press("Enter");
    }

    String capture() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-t", name);
    }

    /** Polls the screen until the condition holds; fails with the last screen shown. */
    String await(String what, Predicate<String> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String screen = capture();
        while (!condition.test(screen)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the terminal of " + name + " never showed " + what + " within " + timeout
                        + "; it shows:\n" + screen);
            }
            Thread.sleep(POLL.toMillis());
            screen = capture();
        }
        return screen;
    }

    /** Presses a key, gives the screen a moment to follow, and again, until the condition holds. */
    String pressUntil(String key, String what, Predicate<String> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String screen = capture();
        while (!condition.test(screen)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pressing " + key + " in " + name + " never showed " + what + " within "
                        + timeout + "; it shows:\n" + screen);
            }
            press(key);
            long settle = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            String before = screen;
            do {
                Thread.sleep(POLL.toMillis());
                screen = capture();
            } while (screen.equals(before) && !condition.test(screen) && System.nanoTime() < settle);
        }
        return screen;
    }

    String await(String text, Duration timeout) throws Exception {
        return await("'" + text + "'", screen -> screen.contains(text), timeout);
    }

    void resize(int width, int height) throws IOException, InterruptedException {
        tmux("resize-window", "-t", name, "-x", String.valueOf(width), "-y", String.valueOf(height));
    }

    /** Polls until the client's process has exited (the pane stays, remain-on-exit). */
    void awaitExit(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!"1".equals(tmux("display-message", "-p", "-t", name, "#{pane_dead}").trim())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the client in " + name + " did not exit within " + timeout
                        + "; it shows:\n" + capture());
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Starts the client again in the same pane (with the same config directory). */
    void restartClient() throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("respawn-pane", "-k", "-t", name));
        args.addAll(command);
        tmux(args.toArray(String[]::new));
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("tmux", "-L", server, "-u"));
        full.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        env.remove("TMUX");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            tmux("kill-session", "-t", name);
        } catch (IOException e) {
            // already gone
        }
    }

    /** Stops the whole private tmux server (every session of the test). */
    static void killServer(String server) {
        try {
            new ProcessBuilder("tmux", "-L", server, "kill-server").redirectErrorStream(true).start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException ignored) {
            // nothing running
        }
    }
}
