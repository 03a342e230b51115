package io.parley.session;

import io.parley.devstack.DevstackResource;
import io.parley.kit.testing.ServiceInfrastructureContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

import java.util.List;

/** session-service starts on real PostgreSQL and Kafka: migrations applied, health and metrics served. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "sessions"))
class InfrastructureTest extends ServiceInfrastructureContract {

    @Inject
    Pool pool;

    @Override
    protected Pool pool() {
        return pool;
    }

    @Override
    protected String database() {
        return "sessions";
    }

    /** The ban list is complete once auth.users has been read to its end, which may take a moment after start. */
    @Override
    protected List<String> readinessChecks() {
        return List.of("Reactive PostgreSQL connections health check", "Kafka connection health check",
                "auth.users ban list");
    }
}
