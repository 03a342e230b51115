package io.parley.session;

import io.parley.devstack.DevstackConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** Points the service's datasource at a {@link PostgresProxy} in front of the devstack's sessions database. */
public class SessionsDatabaseProxy implements QuarkusTestResourceLifecycleManager {

    private PostgresProxy proxy;

    @Override
    public Map<String, String> start() {
        DevstackConfig config = DevstackConfig.fromEnvironment(DevstackConfig.findRoot(Path.of("")));
        String hostPort = config.pgHostPort();
        int colon = hostPort.lastIndexOf(':');
        try {
            proxy = new PostgresProxy(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + proxy.port() + "/sessions",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/sessions?connectTimeout=10",
                "quarkus.datasource.username", config.pgUser(),
                "quarkus.datasource.password", config.pgPassword());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(proxy, new TestInjector.MatchesType(PostgresProxy.class));
    }

    @Override
    public void stop() {
        try {
            proxy.cut();
        } catch (IOException ignored) {
            // the JVM ends anyway
        }
    }
}
