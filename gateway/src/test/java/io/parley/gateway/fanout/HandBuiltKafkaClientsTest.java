package io.parley.gateway.fanout;

import io.parley.devstack.DevstackResource;
import io.parley.gateway.support.DoublesResource;
import io.parley.kit.instance.InstanceIdentity;
import io.parley.kit.kafka.KafkaClients;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The gateway's own Kafka consumers (fan-out, auth.users) reach the broker with every {@code kafka.*} setting the
 * SmallRye channels have, security included: the test profile sets one no consumer sets itself
 * ({@code kafka.client.dns.lookup}) and each consumer must have been built with it.
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class HandBuiltKafkaClientsTest {

    private static final String SHARED = "client.dns.lookup";

    @Inject
    FanOutConsumer fanOut;

    @Inject
    AuthUsersListener authUsers;

    @Inject
    KafkaClients kafkaClients;

    @Inject
    InstanceIdentity instance;

    @Test
    void everyHandBuiltConsumerStartsFromTheSharedKafkaSettings() {
        assertThat(kafkaClients.properties(Map.of()), hasEntry(SHARED, "use_all_dns_ips"));
        Properties fanOutProps = fanOut.clientProperties();
        Properties banProps = authUsers.clientProperties();
        assertThat(fanOutProps, notNullValue());
        assertThat(banProps, notNullValue());
        for (Properties props : new Properties[] {fanOutProps, banProps}) {
            assertThat(props, hasEntry(SHARED, "use_all_dns_ips"));
            assertThat(props, hasEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaClients.bootstrapServers()));
            assertThat(props, hasEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        }
        // each keeps its own settings over the shared ones: the fan-out its instance-unique group, the ban list none
        assertThat(fanOutProps.get(ConsumerConfig.GROUP_ID_CONFIG), is(FanOutConsumer.groupId(instance.id())));
        assertThat(banProps.get(ConsumerConfig.GROUP_ID_CONFIG), is((Object) null));
    }
}
