package io.parley.system;

import io.parley.devstack.DevstackConfig;
import io.parley.devstack.DevstackProcess;
import io.parley.devstack.ServiceProcess;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts packaged Parley services as separate processes on the devstack, and stops them all at the end. */
final class ServiceCluster implements AutoCloseable {

    private final DevstackConfig config;
    private final List<ServiceProcess> processes = new ArrayList<>();

    ServiceCluster() {
        Path root = DevstackConfig.findRoot(Path.of(System.getProperty("parley.root", "")));
        config = DevstackConfig.fromEnvironment(root);
        DevstackProcess.ensureRunning(config, config.externalKafka().isEmpty(), config.externalPg().isEmpty());
    }

    DevstackConfig config() {
        return config;
    }

    /** Starts one more instance of a module on a free port and waits until it is ready. */
    ServiceProcess start(String module, String name, Map<String, String> env) throws IOException, InterruptedException {
        ServiceProcess.Service service = ServiceProcess.SERVICES.stream()
                .filter(s -> s.module().equals(module)).findFirst().orElseThrow();
        ServiceProcess process = ServiceProcess.start(config, service, name, freePort(), env);
        processes.add(process);
        process.awaitReady(Duration.ofSeconds(120));
        return process;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        for (ServiceProcess process : processes) {
            process.close();
        }
    }
}
