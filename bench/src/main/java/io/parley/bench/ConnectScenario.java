package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code connect}: N authenticated sockets opened by forked client processes at once; reports handshakes per second,
 * handshake percentiles (connect → hello) and the server's RSS growth per socket above its idle baseline.
 */
final class ConnectScenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Time for the server to settle after the last handshake before its memory is read. */
    private static final long SETTLE_MS = 3_000;
    private static final int TOP_CLASSES = 25;

    private ConnectScenario() {
    }

    /**
     * Opens and closes a tenth of the sockets (at most 1,000) first, so the idle memory and the handshake figures
     * are those of a warm server (JIT, pools, key caches), not of its first requests.
     */
    private static void warmUp(BenchTarget target, Path tokenFile, int count, int concurrency) throws Exception {
        Progress.say("%s: warm-up, %d sockets opened and closed", target.name(), count);
        Process worker = startWorker(target, tokenFile, 0, count, concurrency);
        try {
            readReport(worker);
        } finally {
            worker.getOutputStream().close();
            if (!worker.waitFor(60, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
        TimeUnit.MILLISECONDS.sleep(SETTLE_MS);
    }

    private static Process startWorker(BenchTarget target, Path tokenFile, int from, int to, int concurrency)
            throws java.io.IOException {
        return ForkedJava.command(ConnectWorker.class, List.of("-Xmx1g"), List.of(target.wsUri().toString(),
                        tokenFile.toString(), Integer.toString(from), Integer.toString(to),
                        Integer.toString(concurrency)))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The one JSON line a worker prints once all its handshakes are done. */
    private static JsonNode readReport(Process worker) throws Exception {
        String line = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        if (line == null) {
            throw new IllegalStateException("a connect client exited with code " + worker.waitFor());
        }
        return JSON.readTree(line);
    }

    static BenchResult run(BenchTarget target, BenchOptions options) throws Exception {
        int sockets = options.sockets();
        int userCount = (int) Math.ceil(sockets / (double) options.socketsPerUser());
        Progress.say("%s: setting up %d users for %d sockets", target.name(), userCount, sockets);
        List<BenchTarget.User> users = target.users("con", userCount);
        Path tokenFile = Files.createTempFile("parley-bench-tokens", ".txt");
        List<Process> workers = new ArrayList<>();
        StackCost cost = StackCost.of(target);
        try {
            List<String> lines = new ArrayList<>(sockets);
            for (int i = 0; i < sockets; i++) {
                String token = users.get(i % userCount).token();
                lines.add(token == null ? "-" : token);
            }
            Files.write(tokenFile, lines);
            if (!options.warmup().isZero()) {
                warmUp(target, tokenFile, Math.min(1_000, Math.max(1, sockets / 10)), options.concurrency());
            }
            OptionalLong pid = target.serverPid();
            long idleRss = pid.isPresent() ? ProcessMemory.rssKb(pid.getAsLong()) : -1;
            Map<String, Long> idleHeap = pid.isPresent() ? ProcessMemory.liveHeapByClass(pid.getAsLong()) : Map.of();

            int processes = (int) Math.ceil(sockets / (double) options.socketsPerProcess());
            cost.startNow();
            Progress.say("%s: opening %d sockets from %d client process(es), server RSS idle %d KiB", target.name(),
                    sockets, processes, idleRss);
            for (int w = 0; w < processes; w++) {
                workers.add(startWorker(target, tokenFile, (int) ((long) sockets * w / processes),
                        (int) ((long) sockets * (w + 1) / processes), Math.max(1, options.concurrency() / processes)));
            }
            LatencyHistogram handshakes = new LatencyHistogram();
            Map<String, Integer> failures = new TreeMap<>();
            long opened = 0;
            long start = Long.MAX_VALUE;
            long end = 0;
            for (Process worker : workers) {
                JsonNode report = readReport(worker);
                opened += report.path("opened").asLong();
                start = Math.min(start, report.path("startMicros").asLong());
                end = Math.max(end, report.path("endMicros").asLong());
                handshakes.add(LatencyHistogram.decode(report.path("histogram").asText()));
                report.path("failures").fields().forEachRemaining(f -> failures.merge(f.getKey(),
                        f.getValue().asInt(), Integer::sum));
            }
            TimeUnit.MILLISECONDS.sleep(SETTLE_MS);
            cost.endNow();
            long loadedRss = pid.isPresent() ? ProcessMemory.rssKb(pid.getAsLong()) : -1;
            Map<String, Long> loadedHeap = pid.isPresent() ? ProcessMemory.liveHeapByClass(pid.getAsLong()) : Map.of();
            Double perSocket = idleRss > 0 && loadedRss > 0 && opened > 0
                    ? (loadedRss - idleRss) / (double) opened : null;
            double elapsedS = Math.max(1, end - start) / 1_000_000.0;
            BenchResult result = BenchResult.of(options.scenario(), elapsedS, (int) opened, handshakes)
                    .withHandshakes(opened / elapsedS, perSocket)
                    .with("requestedSockets", sockets)
                    .with("users", userCount)
                    .with("clientProcesses", processes)
                    .with("socketFailures", failures)
                    .with("serverRssIdleKb", idleRss)
                    .with("serverRssLoadedKb", loadedRss)
                    .with("liveHeapPerSocketKb", liveHeapPerSocketKb(idleHeap, loadedHeap, opened))
                    .with("liveHeapPerSocketTopClasses", topClassesPerSocket(idleHeap, loadedHeap, opened));
            return cost.report(result, opened, "one socket opened (handshake to hello) in the window, which "
                    + "ends 3 s after the last handshake", null);
        } finally {
            cost.close();
            for (Process worker : workers) {
                worker.getOutputStream().close();
            }
            for (Process worker : workers) {
                if (!worker.waitFor(60, TimeUnit.SECONDS)) {
                    worker.destroyForcibly();
                }
            }
            Files.deleteIfExists(tokenFile);
        }
    }

    /** Live heap growth (full GC, by jcmd) per open socket in KiB; null when the server's heap cannot be read. */
    private static Double liveHeapPerSocketKb(Map<String, Long> idle, Map<String, Long> loaded, long opened) {
        if (idle.isEmpty() || loaded.isEmpty() || opened == 0) {
            return null;
        }
        long growth = loaded.values().stream().mapToLong(Long::longValue).sum()
                - idle.values().stream().mapToLong(Long::longValue).sum();
        return Math.round(growth / 1024.0 / opened * 10) / 10.0;
    }

    /** The classes whose live bytes grew most, as bytes per open socket: where a socket's memory goes. */
    private static Map<String, Long> topClassesPerSocket(Map<String, Long> idle, Map<String, Long> loaded,
            long opened) {
        Map<String, Long> top = new LinkedHashMap<>();
        if (idle.isEmpty() || loaded.isEmpty() || opened == 0) {
            return top;
        }
        loaded.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (e.getValue() - idle.getOrDefault(e.getKey(), 0L)) / opened))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(TOP_CLASSES)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }
}
