package io.parley.chat.support;

import io.parley.devstack.DevstackConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** Points the service's datasource at a {@link PostgresProxy} in front of the devstack's chat database. */
public class PostgresProxyResource implements QuarkusTestResourceLifecycleManager {

    private PostgresProxy proxy;

    @Override
    public Map<String, String> start() {
        // the same server DevstackResource hands the other tests: PARLEY_PG_URL or the embedded one
        String hostPort = DevstackConfig.fromEnvironment(DevstackConfig.findRoot(Path.of(""))).pgHostPort();
        int colon = hostPort.lastIndexOf(':');
        try {
            proxy = new PostgresProxy(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + proxy.port() + "/chat",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/chat?connectTimeout=10");
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
