package io.parley.auth;

import io.parley.devstack.DevstackResource;
import io.parley.kit.testing.ServiceInfrastructureContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/** auth-service starts on real PostgreSQL and Kafka: migrations applied, health and metrics served. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class InfrastructureTest extends ServiceInfrastructureContract {

    @Inject
    Pool pool;

    @Override
    protected Pool pool() {
        return pool;
    }

    @Override
    protected String database() {
        return "auth";
    }
}
