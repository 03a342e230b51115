package io.parley.cli.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One message as the conversation shows it: its current state after edits, deletion and reactions. */
public final class Message {
    public final String id;
    public final long seq;
    public final String senderId;
    public final String createdAt;
    public final String replyTo;
    public String text;
    public boolean edited;
    public boolean deleted;
    public final List<Attachment> attachments = new ArrayList<>();
    /** emoji -> the users who reacted with it, in the order they did. */
    public final Map<String, Set<String>> reactions = new LinkedHashMap<>();

    public Message(String id, long seq, String senderId, String text, String createdAt, String replyTo) {
        this.id = id;
        this.seq = seq;
        this.senderId = senderId;
        this.text = text;
        this.createdAt = createdAt;
        this.replyTo = replyTo;
    }

    /** A file attached to a message. */
    public record Attachment(String id, String name, long size, String contentType) {
    }

    /** Reads the contract's {@code message} object. */
    public static Message from(JsonNode m) {
        Message message = new Message(m.path("id").asText(), m.path("seq").asLong(), m.path("senderId").asText(),
                m.path("text").asText(""), m.path("createdAt").asText(""), textOrNull(m.path("replyTo")));
        message.edited = !m.path("editedAt").isMissingNode() && !m.path("editedAt").isNull();
        message.deleted = m.path("deleted").asBoolean(false);
        for (JsonNode a : m.path("attachments")) {
            message.attachments.add(new Attachment(a.path("id").asText(), a.path("name").asText("file"),
                    a.path("size").asLong(), a.path("contentType").asText("")));
        }
        m.path("reactions").fields().forEachRemaining(e -> {
            Set<String> users = new LinkedHashSet<>();
            e.getValue().forEach(u -> users.add(u.asText()));
            if (!users.isEmpty()) {
                message.reactions.put(e.getKey(), users);
            }
        });
        return message;
    }

    static String textOrNull(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
