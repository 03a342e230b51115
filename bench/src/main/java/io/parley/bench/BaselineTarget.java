package io.parley.bench;

import io.parley.devstack.ServiceProcess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The bare Vert.x {@link BaselineServer} in a process of its own (as the gateway is), so the client and the server
 * compete for the CPUs the same way in both runs and its memory can be read alone.
 */
public final class BaselineTarget implements BenchTarget {

    private final Process process;
    private final int port;

    private BaselineTarget(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server with the gateway's JVM options (PARLEY_JAVA_OPTS of ./parley up) and waits for its port. */
    public static BaselineTarget start() throws IOException, InterruptedException {
        List<String> options = ServiceProcess.javaOptions(System.getenv(), "gateway");
        Process process = ForkedJava.command(BaselineServer.class, options, List.of("0"))
                .redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(BaselineServer.READY)) {
                        port.complete(Integer.parseInt(line.substring(BaselineServer.READY.length()).trim()));
                    } else {
                        System.err.println("[baseline] " + line);
                    }
                }
            } catch (IOException | NumberFormatException ignored) {
                // the process ended
            }
            port.completeExceptionally(new IllegalStateException("the baseline server exited before listening"));
        }, "baseline-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new BaselineTarget(process, port.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the baseline server did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    @Override
    public List<User> users(String role, int count) {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(new User(UUID.randomUUID().toString(), role + "-" + i, null));
        }
        return users;
    }

    @Override
    public String publicChannel(User owner, List<User> members) {
        return UUID.randomUUID().toString();
    }

    @Override
    public List<String> directChannels(List<User> a, List<User> b) {
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            channels.add(UUID.randomUUID().toString());
        }
        return channels;
    }

    @Override
    public OptionalLong serverPid() {
        return OptionalLong.of(process.pid());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
