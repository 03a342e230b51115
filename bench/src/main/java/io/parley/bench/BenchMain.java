package io.parley.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;

/** {@code ./parley bench SCENARIO [options]}: runs one scenario, prints a short table and one JSON object. */
public final class BenchMain {

    static final String USAGE = """
            usage: ./parley bench SCENARIO [--duration 30s] [--json FILE] [options]
              connect          open --sockets N (19000) authenticated sockets: handshakes/s, p50/p99, RSS per socket
              fanout           --subscribers S (1000) on one channel, --senders K at --rate R msg/s (100), open loop
              dm               --pairs P (200) ping-pong DMs at --rate R msg/s (10000, pings + pongs);
                               --hook-delay D: the pongers are bots whose outgoing subscriptions on the
                               DM channels go to a receiver that answers after D (e.g. 200ms)
                               --bot-pongers: bots without subscriptions (the control run)
              overload         --pairs P (200) DM senders at the sustainable --rate R sends/s (300), then
                               --overload-factor F (3) times R, then R again, --duration each (10s):
                               how fast the excess is shed, accepted p99, seconds to recover (no baseline)
              baseline-fanout  fanout against the bare Vert.x server (also baseline-connect, baseline-dm)
            options: --warmup 5s  --url http://127.0.0.1:8080  --sockets-per-user N  --concurrency 200
                     --sockets-per-process 10000  --no-baseline (skip the baseline run)  --no-start
            Parley runs also run the baseline with the same shape and report ratioToBaseline.
            Without a Parley at --url, one is started (PARLEY_HOME, PARLEY_*_PORT choose where).""";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("parley bench: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(64);
            return;
        }
        int status = 0;
        try {
            BenchResult result = BenchRun.run(options);
            System.out.println();
            System.out.println(options.scenario() + ":");
            System.out.print(result.table());
            ObjectMapper json = new ObjectMapper();
            System.out.println(json.writeValueAsString(result.toJson()));
            if (options.json().isPresent()) {
                Files.writeString(options.json().get(),
                        json.writerWithDefaultPrettyPrinter().writeValueAsString(result.toJson()) + "\n");
            }
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                    ? e.getCause() : e;
            System.err.println("parley bench: " + cause.getMessage());
            status = 1;
        }
        System.exit(status);
    }
}
