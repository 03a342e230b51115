package io.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The k6 scripts in loadtest/k6: thresholds on p95 and p99, the gateway's real port and paths. Their type check
 * itself (tsc against @types/k6) runs from the pom; here a broken copy proves that it fails on a mistake.
 */
class K6ScriptsTest {

    static final Path K6 = Repository.root().resolve("loadtest/k6");

    static List<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.list(K6)) {
            return files.filter(f -> f.toString().endsWith(".ts")).sorted().toList();
        }
    }

    @Test
    void theFourScenariosExistAndEachHasP95AndP99Thresholds() throws IOException {
        List<String> names = scripts().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("channel-fanout.ts", "connect-storm.ts", "dm-pingpong.ts", "login-burst.ts"), names);
        for (Path script : scripts()) {
            String text = Repository.read(script);
            assertTrue(text.contains("thresholds:"), script + " has no thresholds");
            assertTrue(text.contains("'p(95)<") && text.contains("'p(99)<"), script + " lacks p95 or p99 thresholds");
        }
    }

    @Test
    void defaultTargetIsTheGatewaysPortAndPaths() {
        String lib = Repository.read(K6.resolve("lib/parley.ts"));
        Matcher base = Pattern.compile("'PARLEY_BASE_URL', 'http://[^:']+:(\\d+)'").matcher(lib);
        assertTrue(base.find(), "PARLEY_BASE_URL default not found");
        assertEquals(ServiceConfig.load("gateway").httpPort(), Integer.parseInt(base.group(1)));
        assertTrue(lib.contains("+ '/ws'"), "the WebSocket lives at /ws");
        Matcher paths = Pattern.compile("\\$\\{BASE_URL}(/[^`?]*)").matcher(lib);
        while (paths.find()) {
            assertTrue(paths.group(1).startsWith("/api/"), "clients reach REST only under /api: " + paths.group(1));
        }
    }

    @Test
    void theTypeCheckFailsOnAMistake() throws Exception {
        Path tsc = K6.resolve("node_modules/.bin/tsc");
        // node_modules comes from `npm ci` in process-test-classes; from an IDE run it first
        assumeTrue(Files.isExecutable(tsc), "run `npm ci` in loadtest/k6 first");
        Path copy = Repository.root().resolve("deploy/target/k6-broken");
        copyScripts(copy);
        Path storm = copy.resolve("connect-storm.ts");
        // a misspelt option: k6 would silently ignore it and the run would have no thresholds at all
        Files.writeString(storm, Files.readString(storm).replace("    thresholds: {", "    threshold: {"));
        Result result = run(copy, tsc.toString(), "--noEmit", "-p", "tsconfig.json");
        assertNotEquals(0, result.exit(), "tsc accepted a misspelt option");
        assertTrue(result.output().contains("threshold"), result.output());
    }

    /**
     * k6 is not installable here: the pacing arithmetic the scripts share (lib/pacing.ts: slots under the gateway's
     * token buckets, reconnect backoff, token refresh time, the limits check) is compiled with tsc and its unit test
     * (loadtest/k6/test/pacing.test.mjs) runs under Node, against a model of the gateway's buckets.
     */
    @Test
    void thePacingHelpersKeepUnderTheGatewaysLimits() throws Exception {
        Path tsc = K6.resolve("node_modules/.bin/tsc");
        assumeTrue(Files.isExecutable(tsc), "run `npm ci` in loadtest/k6 first");
        Path out = Repository.root().resolve("deploy/target/k6-pacing");
        Result compiled = run(K6, tsc.toString(), "lib/pacing.ts", "--outDir", out.toString(), "--target", "es2020",
                "--module", "es2020", "--strict");
        assertEquals(0, compiled.exit(), compiled.output());
        ProcessBuilder node = new ProcessBuilder("node", "--test", "test/pacing.test.mjs")
                .directory(K6.toFile()).redirectErrorStream(true);
        node.environment().put("PACING_JS", out.resolve("pacing.js").toString());
        Process process = node.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "node --test did not finish");
        assertEquals(0, process.exitValue(), output);
        Matcher passed = Pattern.compile("# pass (\\d+)").matcher(output);
        assertTrue(passed.find() && Integer.parseInt(passed.group(1)) >= 7, output);
    }

    private static void copyScripts(Path target) throws IOException {
        Files.createDirectories(target.resolve("lib"));
        for (String file : List.of("tsconfig.json", "connect-storm.ts", "channel-fanout.ts", "dm-pingpong.ts",
                "login-burst.ts", "lib/parley.ts", "lib/pacing.ts", "lib/console.d.ts")) {
            Files.copy(K6.resolve(file), target.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path modules = target.resolve("node_modules");
        if (!Files.exists(modules, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(modules, K6.resolve("node_modules"));
        }
    }

    record Result(int exit, String output) {
    }

    private static Result run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "tsc did not finish");
        return new Result(process.exitValue(), output);
    }
}
