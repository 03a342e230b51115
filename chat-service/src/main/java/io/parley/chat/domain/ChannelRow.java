package io.parley.chat.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.UUID;

/** A channel or DM as stored, with its member count. */
public record ChannelRow(UUID id, String type, String name, String topic, String visibility, long lastSeq,
        Instant createdAt, long memberCount) {

    public boolean isDm() {
        return "dm".equals(type);
    }

    public boolean isPublic() {
        return "public".equals(visibility) && !isDm();
    }

    /** The contract's {@code channel} object. */
    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id.toString());
        json.put("type", type);
        json.put("name", name);
        json.put("topic", topic);
        json.put("visibility", visibility);
        json.put("createdAt", WireTime.format(createdAt));
        json.put("lastSeq", lastSeq);
        json.put("memberCount", memberCount);
        return json;
    }
}
