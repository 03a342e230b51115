package io.parley.media.s3;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real S3 API server for the test: Adobe's S3Mock, its executable jar (copied to {@code target/s3mock} by the
 * build) run as a JVM of its own, since it is a Spring Boot application that does not belong on Quarkus's class path.
 * It listens on a free port it picks itself (read back from its log), stores under {@code target/}, and is ended with
 * the test resource (or with this JVM). Points media-service at it: the S3 store, path-style, 5 MiB parts.
 */
public class S3MockServer implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "parley-media";
    private static final Pattern STARTED = Pattern.compile("Tomcat started on ports? .*?(\\d+) \\(http\\)");
    private static volatile URI endpoint;
    private static volatile Process running;

    private Process process;

    @Override
    public Map<String, String> start() {
        Path jar = Path.of("target/s3mock/s3mock.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the build copies it (maven-dependency-plugin, "
                    + "process-test-resources); run the tests through Maven");
        }
        try {
            Path root = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "s3mock-");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-jar", jar.toString(),
                    "--server.port=0", "--com.adobe.testing.s3mock.http-port=0",
                    "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
                    "--com.adobe.testing.s3mock.store.root=" + root.toAbsolutePath(),
                    "--spring.main.banner-mode=off"))
                    .redirectErrorStream(true)
                    .start();
            Process started = process;
            running = started;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
            int port = httpPort(started);
            endpoint = URI.create("http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start S3Mock", e);
        }
        return Map.of(
                "parley.media.store", "s3",
                "parley.media.s3.endpoint", endpoint.toString(),
                "parley.media.s3.bucket", BUCKET,
                "parley.media.s3.path-style", "true",
                "parley.media.s3.access-key-id", "parley-test",
                "parley.media.s3.secret-access-key", "parley-test-secret",
                "parley.media.s3.part-size", "5M",
                // room for a 12 MB upload in three parts (and over the %test profile's 6M)
                "parley.media.max-upload-size", "16M",
                "%test.parley.media.max-upload-size", "16M");
    }

    // the log is read to its end on a thread of its own (a full pipe would stall the server); the port comes from
    // Tomcat's "started" line
    private static int httpPort(Process process) throws IOException {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 40) {
                            tail.removeFirst();
                        }
                    }
                    Matcher started = STARTED.matcher(line);
                    if (started.find()) {
                        port.complete(Integer.parseInt(started.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            port.completeExceptionally(new IOException("S3Mock exited with " + exitCode(process)));
        }, "s3mock-log");
        reader.setDaemon(true);
        reader.start();
        try {
            return port.get(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while S3Mock started", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            synchronized (tail) {
                throw new IOException("S3Mock did not start: " + e.getMessage() + "; its last lines:\n"
                        + String.join("\n", tail), e);
            }
        }
    }

    private static String exitCode(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "no exit";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** Ends the server now, as an outage would (the test that does it runs last). */
    public static void kill() throws InterruptedException {
        running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** A client of the test's own to look into the bucket as an operator would. */
    public static S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("parley-test", "parley-test-secret")))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }
}
