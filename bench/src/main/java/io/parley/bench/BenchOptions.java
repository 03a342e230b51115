package io.parley.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one bench run does, parsed from {@code SCENARIO [--option value]...}. Defaults follow issue 10: 19,000
 * sockets, 1,000 subscribers, 10k DM messages/s, 30 s.
 *
 * @param rate            messages per second the senders offer (open loop); for dm it counts pings and pongs
 * @param senders         fan-out sender sockets (each its own user, so per-user send limits apply per sender)
 * @param socketsPerUser  how many sockets share one user (the gateway bounds sockets per user)
 * @param concurrency     handshakes in flight at once per client process
 * @param socketsPerProcess connect: sockets per forked client process (one process may hold 20,000 descriptors)
 * @param withBaseline    fanout: also run baseline-fanout with the same shape, to report the ratio
 * @param startStack      start Kafka, PostgreSQL and the services when nothing answers at {@code url}
 * @param hookDelay       dm: the answering side are bots, each with an outgoing subscription on its DM channel,
 *                        delivered to a receiver of the bench that answers after this long ({@code --hook-delay})
 * @param overloadFactor  overload: the overload phase offers this many times {@code rate}, the sustainable rate the
 *                        phases before and after it offer ({@code --overload-factor}, 3)
 * @param botPongers      dm: the answering side are bots, as with {@code --hook-delay}, but without subscriptions
 *                        ({@code --bot-pongers}): the control run that tells the subscriptions' cost from the bots'
 */
public record BenchOptions(String scenario, Duration duration, Duration warmup, Optional<Path> json, URI url,
        int sockets, int subscribers, int senders, int rate, int pairs, int socketsPerUser, int concurrency,
        int socketsPerProcess, boolean withBaseline, boolean startStack, Optional<Duration> hookDelay,
        double overloadFactor, boolean botPongers) {

    public static final List<String> SCENARIOS = List.of("connect", "fanout", "dm", "overload", "baseline-fanout",
            "baseline-connect", "baseline-dm");

    public static BenchOptions parse(String... args) {
        if (args.length == 0 || !SCENARIOS.contains(args[0])) {
            throw new IllegalArgumentException("the first argument is the scenario, one of " + SCENARIOS);
        }
        String scenario = args[0];
        Map<String, String> values = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("expected an --option, got '" + name + "'");
            }
            if (name.equals("--no-baseline") || name.equals("--no-start") || name.equals("--bot-pongers")) {
                values.put(name, "true");
            } else if (i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
        }
        String base = scenario.replace("baseline-", "");
        // overload: --rate is the sustainable rate (send commands per second) around the overload phase
        int rate = intValue(values, "--rate", base.equals("dm") ? 10_000 : base.equals("overload") ? 300 : 100);
        BenchOptions options = new BenchOptions(scenario,
                // overload runs three phases of this length each
                duration(values.getOrDefault("--duration", base.equals("overload") ? "10s" : "30s")),
                duration(values.getOrDefault("--warmup", "5s")),
                Optional.ofNullable(values.remove("--json")).map(Path::of),
                URI.create(values.getOrDefault("--url", "http://127.0.0.1:8080")),
                intValue(values, "--sockets", 19_000),
                intValue(values, "--subscribers", 1_000),
                // 8 messages/s per sender stays under the gateway's default 10/s per user
                intValue(values, "--senders", Math.max(1, (int) Math.ceil(rate / 8.0))),
                rate,
                intValue(values, "--pairs", 200),
                intValue(values, "--sockets-per-user", base.equals("connect") ? 10 : 5),
                intValue(values, "--concurrency", 200),
                intValue(values, "--sockets-per-process", 10_000),
                !values.containsKey("--no-baseline"),
                !values.containsKey("--no-start"),
                Optional.ofNullable(values.get("--hook-delay")).map(BenchOptions::duration),
                overloadFactor(values.get("--overload-factor")),
                values.containsKey("--bot-pongers"));
        if (values.containsKey("--overload-factor") && !scenario.equals("overload")) {
            throw new IllegalArgumentException("--overload-factor applies to overload only");
        }
        if (options.hookDelay().isPresent() && !scenario.equals("dm")) {
            throw new IllegalArgumentException("--hook-delay applies to dm only (outgoing subscriptions are Parley's)");
        }
        if (options.botPongers() && (!scenario.equals("dm") || options.hookDelay().isPresent())) {
            throw new IllegalArgumentException("--bot-pongers applies to dm without --hook-delay (which has bots anyway)");
        }
        if (options.hookDelay().filter(d -> d.isNegative() || d.compareTo(Duration.ofSeconds(10)) > 0).isPresent()) {
            throw new IllegalArgumentException("--hook-delay must be 0 to 10s (chat-service's delivery timeout)");
        }
        values.keySet().removeAll(List.of("--duration", "--warmup", "--url", "--sockets", "--subscribers",
                "--senders", "--rate", "--pairs", "--sockets-per-user", "--concurrency", "--sockets-per-process",
                "--no-baseline", "--no-start", "--hook-delay", "--overload-factor", "--bot-pongers"));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + values.keySet());
        }
        return options;
    }

    /** The same run aimed at the bare Vert.x server (fanout → baseline-fanout). */
    public BenchOptions asBaseline() {
        return new BenchOptions("baseline-" + scenario.replace("baseline-", ""), duration, warmup, Optional.empty(),
                url, sockets, subscribers, senders, rate, pairs, socketsPerUser, concurrency, socketsPerProcess,
                false, false, Optional.empty(), overloadFactor, false);
    }

    public boolean baseline() {
        return scenario.startsWith("baseline-");
    }

    /** {@code 30s}, {@code 2m}, {@code 500ms}, or plain seconds. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 30s, 2m, 500ms)");
        }
    }

    /** More than 1 (an overload) and at most 100 (beyond, the client itself is what saturates). */
    private static double overloadFactor(String value) {
        if (value == null) {
            return 3;
        }
        double factor;
        try {
            factor = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--overload-factor must be a number, got '" + value + "'");
        }
        if (!(factor > 1 && factor <= 100)) {
            throw new IllegalArgumentException("--overload-factor must be above 1 and at most 100, got " + value);
        }
        return factor;
    }

    private static int intValue(Map<String, String> values, String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (parsed <= 0) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
        }
    }
}
