package io.parley.gateway.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.devstack.DevstackResource;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.Topics;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.TestKafka;
import io.parley.gateway.support.TestSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.parley.gateway.support.TestSocket.d;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * The in-flight budget over the real broker, with a chat-service that is slow on purpose: chat.commands goes to a
 * topic of this test's own, which the test reads and answers on gateway.replies when it chooses. With a budget of 3,
 * the 4th command in flight is answered UNAVAILABLE long before the command timeout and is never produced; once a
 * reply frees a place, the same clientMsgId goes through. A shed command takes no token from the user's bucket (5 with
 * practically no refill: exactly five commands are accepted, then RATE_LIMITED) and leaves no pending reply.
 */
@QuarkusTest
@TestProfile(CommandBudgetTest.SlowChat.class)
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class CommandBudgetTest extends GatewayTest {

    static final String TOPIC = "chat.commands.budget-test";
    static final long COMMAND_TIMEOUT_MS = 120_000;

    public static class SlowChat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "parley.gateway.commands.max-in-flight", "3",
                    "mp.messaging.outgoing.chat-commands.topic", TOPIC,
                    // an answer long before this comes from the budget, not from a timeout
                    "parley.gateway.command-timeout", COMMAND_TIMEOUT_MS / 1000 + "s",
                    // 5 tokens, then one per 1000 s: nothing refills while the test runs, however slow the machine
                    "parley.gateway.limits.command-rate", "0.001",
                    "parley.gateway.limits.command-burst", "5");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void beyondTheBudgetACommandIsShedAtOnceUnsentAndItsRetryGoesThroughOnceAPlaceIsFree() throws Exception {
        createTopic();
        try (Commands commands = new Commands()) {
            String user = newId();
            String channel = newId();
            TestSocket socket = connect(user);
            double shedBefore = shed();
            assertThat(metric("parley_gateway_commands_max_in_flight"), is(3.0));

            for (int i = 1; i <= 3; i++) {
                socket.send(send("f" + i, channel, "m" + i));
            }
            commands.await("m3");
            assertThat(commands.clientMsgIds(), contains("m1", "m2", "m3"));
            assertThat(inFlight(), is(3.0));

            JsonObject shed = shed(socket, "f4", channel, "m4");
            assertThat(shed.encode(), shed.getJsonObject("d").getString("code"), is("UNAVAILABLE"));
            assertThat(shed(), is(shedBefore + 1));
            assertThat(inFlight(), is(3.0));

            // a reply for the shed frame finds nothing waiting: replies to one instance keep their order, so once f1's
            // ok (published after it) is here, f4's would have been too
            String connectionId = commands.await("m1").data().path("reply").path("connectionId").asText();
            answer(commands.await("m1").data().path("reply").path("instance").asText(), connectionId, "f4");
            answer(commands.await("m1"));
            assertThat(socket.reply("f1").getString("op"), is("ok"));
            assertThat(socket.frames.stream().filter(f -> "f4".equals(f.getString("id"))).count(), is(1L));
            await().atMost(Duration.ofSeconds(30)).until(() -> inFlight() == 2.0);

            // the shed command's clientMsgId is retried, now that a place is free: sent, answered
            socket.send(send("f4-retry", channel, "m4"));
            answer(commands.await("m4"));
            assertThat(socket.reply("f4-retry").getString("op"), is("ok"));

            // two in flight (f2, f3): a fifth command fits the budget and takes the bucket's last token (a shed that
            // had taken one would make this RATE_LIMITED); the next one is shed again
            socket.send(send("f5", channel, "m5"));
            commands.await("m5");
            assertThat(shed(socket, "f6", channel, "m6").getJsonObject("d").getString("code"), is("UNAVAILABLE"));

            answer(commands.await("m2"));
            answer(commands.await("m3"));
            answer(commands.await("m5"));
            for (String frame : List.of("f2", "f3", "f5")) {
                assertThat(socket.reply(frame).getString("op"), is("ok"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> inFlight() == 0.0);

            // the budget is free again, the bucket is not: RATE_LIMITED, so exactly the five accepted commands paid
            JsonObject limited = socket.request("send", d("channelId", channel, "text", "hi", "clientMsgId", "m7"));
            assertThat(limited.encode(), limited.getJsonObject("d").getString("code"), is("RATE_LIMITED"));
            assertThat(inFlight(), is(0.0));
            assertThat(shed(), is(shedBefore + 2));
            // nothing shed was produced: the channel's partition holds exactly the accepted commands, in order
            assertThat(commands.clientMsgIds(), contains("m1", "m2", "m3", "m4", "m5"));
            socket.close();
        }
    }

    private static JsonObject send(String frameId, String channel, String clientMsgId) {
        return new JsonObject().put("op", "send").put("id", frameId)
                .put("d", d("channelId", channel, "text", "hello", "clientMsgId", clientMsgId));
    }

    /** Sends a command expected to be shed; its answer must come well before the command timeout. */
    private static JsonObject shed(TestSocket socket, String frameId, String channel, String clientMsgId) {
        long start = System.nanoTime();
        socket.send(send(frameId, channel, clientMsgId));
        JsonObject reply = socket.reply(frameId);
        assertThat((System.nanoTime() - start) / 1_000_000, lessThan(COMMAND_TIMEOUT_MS));
        return reply;
    }

    /** chat-service's ok for a command, on gateway.replies to the instance in its reply address. */
    private static void answer(Envelope command) throws Exception {
        var address = command.data().path("reply");
        answer(address.path("instance").asText(), address.path("connectionId").asText(),
                address.path("frameId").asText());
    }

    private static void answer(String instance, String connectionId, String frameId) throws Exception {
        JsonObject reply = new JsonObject().put("connectionId", connectionId).put("frameId", frameId)
                .put("ok", new JsonObject().put("messageId", newId()).put("seq", 1).put("createdAt", "2026-12-06T00:00:00Z"));
        TestKafka.publish(Topics.GATEWAY_REPLIES.name(), "chat-service/test", "reply", instance,
                JSON.readTree(reply.encode()));
    }

    private static double inFlight() {
        return metric("parley_gateway_commands_in_flight");
    }

    private static double shed() {
        return metric("parley_gateway_commands_shed_total", "reason=\"in-flight\"");
    }

    private static double metric(String name) {
        return metric(name, "");
    }

    /** The value of the series of {@code name} whose labels contain {@code label} (any, when empty). */
    private static double metric(String name, String label) {
        String text = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{([^}]*)})? (\\S+)$").matcher(text);
        while (m.find()) {
            if (m.group(1) == null ? label.isEmpty() : m.group(1).contains(label)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no series " + name + "{" + label + "} on /q/metrics");
    }

    private static void createTopic() throws InterruptedException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + TOPIC, e);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create " + TOPIC, e);
        }
    }

    /**
     * The test's slow chat-service: every command the gateway produced, from the end of the topic on, read on the
     * test's thread when it looks.
     */
    static final class Commands implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;
        private final TopicPartition partition = new TopicPartition(TOPIC, 0);
        private final List<Envelope> records = new ArrayList<>();

        Commands() {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap());
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            consumer = new KafkaConsumer<>(props);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
        }

        private void poll() {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                records.add(EnvelopeJson.read(record.value()));
            }
        }

        /** Every command on the topic up to its end as it is now. */
        List<String> clientMsgIds() {
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                poll();
            }
            return records.stream().map(r -> r.data().path("d").path("clientMsgId").asText()).toList();
        }

        Envelope await(String clientMsgId) {
            return org.awaitility.Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> {
                poll();
                return records.stream().filter(r -> clientMsgId.equals(r.data().path("d").path("clientMsgId").asText()))
                        .findFirst().orElse(null);
            }, java.util.Objects::nonNull);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
