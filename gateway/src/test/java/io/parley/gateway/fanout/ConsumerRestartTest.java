package io.parley.gateway.fanout;

import io.parley.devstack.DevstackResource;
import io.parley.events.Topics;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.TestKafka;
import io.parley.kit.kafka.KafkaClients;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

/**
 * A hand-built consumer of the gateway (the fan-out's and the ban list's kind, {@link KafkaPolling}) whose record
 * handler throws on a poison record, through the real broker: the consumer is started over after its backoff,
 * readiness is DOWN meanwhile (naming it) while liveness stays UP, and delivery resumes where it stopped, so the
 * records sent while it was down arrive too.
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class ConsumerRestartTest extends GatewayTest {

    @Inject
    KafkaClients kafkaClients;

    @Test
    void aConsumerWhoseHandlerThrowsIsStartedOverAndResumesWhereItStopped() throws Exception {
        String topic = Topics.CHAT_EPHEMERAL.name();
        String key = UUID.randomUUID().toString();
        String name = "restart-test-" + key;
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicBoolean poisoned = new AtomicBoolean();
        AtomicReference<KafkaPolling> ref = new AtomicReference<>();
        AtomicBoolean assigned = new AtomicBoolean();
        KafkaPolling polling = new KafkaPolling(name, kafkaClients,
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, name, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
                consumer -> consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        ref.get().resumeWhereStopped(consumer, partitions);
                        // resolve "latest" now: looked up lazily, it could fall after the test's first record
                        partitions.forEach(consumer::position);
                        assigned.set(!partitions.isEmpty());
                    }
                }),
                (consumer, batch) -> {
                    for (ConsumerRecord<String, String> record : batch) {
                        if (!key.equals(record.key())) {
                            continue;
                        }
                        if (record.value().equals("poison") && poisoned.compareAndSet(false, true)) {
                            throw new IllegalStateException("a poison record");
                        }
                        received.add(record.value());
                    }
                },
                // long enough for the test to see it down
                Duration.ofSeconds(4), Duration.ofSeconds(8));
        ref.set(polling);
        polling.start();
        try {
            await().atMost(Duration.ofSeconds(60)).untilTrue(assigned);
            send(topic, key, "before");
            await().atMost(Duration.ofSeconds(30)).until(() -> received.contains("before"));

            send(topic, key, "poison");
            await().atMost(Duration.ofSeconds(30)).until(polling::isDown);
            send(topic, key, "while-down");
            String health = given().get("/q/health/ready").then().statusCode(503).extract().asString();
            assertThat(health, health.contains(name), is(true));
            given().get("/q/health/live").then().statusCode(200);

            await().atMost(Duration.ofSeconds(60)).until(() -> !polling.isDown() && received.contains("while-down"));
            send(topic, key, "after");
            await().atMost(Duration.ofSeconds(30)).until(() -> received.contains("after"));
            assertThat(received, contains("before", "while-down", "after"));
            assertThat(polling.restarts(), is(1L));
            await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        } finally {
            polling.stop();
        }
        assertThat(KafkaPolling.down().containsKey(name), is(false));
    }

    private static void send(String topic, String key, String value) throws Exception {
        TestKafka.producer().send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }
}
