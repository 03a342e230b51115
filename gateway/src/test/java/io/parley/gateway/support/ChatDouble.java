package io.parley.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.Topics;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * chat-service's command path over the real broker: consumes chat.commands, checks membership, dedupes send on
 * (user, clientMsgId), commits the event to the channel log, publishes it on chat.events and then the reply on
 * gateway.replies to the instance named in the reply address.
 */
public final class ChatDouble implements Runnable {

    private final ServiceDoubles doubles;
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final Map<String, JsonObject> sent = new ConcurrentHashMap<>();
    public final List<Envelope> commands = new CopyOnWriteArrayList<>();
    private volatile boolean assigned;
    private volatile boolean running = true;

    ChatDouble(ServiceDoubles doubles) {
        this.doubles = doubles;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "chat-double-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        thread = new Thread(this, "chat-double");
        thread.setDaemon(true);
        thread.start();
    }

    public boolean isAssigned() {
        return assigned;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.CHAT_COMMANDS.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assigned = !partitions.isEmpty();
                }
            });
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    handle(EnvelopeJson.read(record.value()));
                }
            }
        } catch (WakeupException e) {
            // stopping
        } finally {
            consumer.close();
        }
    }

    private void handle(Envelope command) {
        if (!doubles.isCurrent()) {
            doubles.stop(); // another gateway's doubles answer its commands now
            return;
        }
        commands.add(command);
        JsonNode data = command.data();
        String userId = data.path("userId").asText();
        JsonNode d = data.path("d");
        String channelId = d.path("channelId").asText();
        JsonNode reply = data.path("reply");
        if (!doubles.isMember(channelId, userId)) {
            reply(reply, null, new JsonObject().put("code", "NOT_FOUND").put("message", "no such channel"));
            return;
        }
        switch (command.type()) {
            case "send" -> {
                String dedupeKey = userId + "/" + d.path("clientMsgId").asText();
                JsonObject first = sent.get(dedupeKey);
                if (first != null) {
                    reply(reply, first, null);
                    return;
                }
                String messageId = UUID.randomUUID().toString();
                String createdAt = Instant.now().toString();
                JsonObject message = new JsonObject().put("id", messageId).put("channelId", channelId)
                        .put("senderId", userId).put("text", d.path("text").asText())
                        .put("clientMsgId", d.path("clientMsgId").asText()).put("createdAt", createdAt);
                JsonObject event = doubles.log(channelId).append("message.created", new JsonObject().put("message", message));
                long seq = event.getJsonObject("d").getLong("seq");
                event.getJsonObject("d").getJsonObject("message").put("seq", seq);
                doubles.publishEvent(channelId, event);
                JsonObject ok = new JsonObject().put("messageId", messageId).put("seq", seq).put("createdAt", createdAt);
                sent.put(dedupeKey, ok);
                reply(reply, ok, null);
            }
            case "read" -> reply(reply, new JsonObject(), null);
            default -> {
                JsonObject event = doubles.commitAndPublish(channelId, "message.updated",
                        new JsonObject().put("message", new JsonObject().put("id", d.path("messageId").asText())));
                reply(reply, new JsonObject().put("seq", event.getJsonObject("d").getLong("seq")), null);
            }
        }
    }

    private void reply(JsonNode address, JsonObject ok, JsonObject error) {
        JsonObject data = new JsonObject()
                .put("connectionId", address.path("connectionId").asText())
                .put("frameId", address.path("frameId").asText());
        if (ok != null) {
            data.put("ok", ok);
        } else {
            data.put("error", error);
        }
        TestKafka.publish(Topics.GATEWAY_REPLIES.name(), "chat-service/test", "reply", address.path("instance").asText(),
                ServiceDoubles.json(data));
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }
}
