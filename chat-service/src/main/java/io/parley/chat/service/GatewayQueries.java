package io.parley.chat.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.domain.Membership;
import io.parley.chat.repository.ChannelEventRepository;
import io.parley.chat.repository.ChannelRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** What the gateway asks over internal REST: may a user subscribe, and the channel events after a seq. */
@ApplicationScoped
public class GatewayQueries {

    private final UnitOfWork work;
    private final ChannelRepository channels;
    private final ChannelEventRepository events;

    public GatewayQueries(UnitOfWork work, ChannelRepository channels, ChannelEventRepository events) {
        this.work = work;
        this.channels = channels;
        this.events = events;
    }

    /** {@code {channelId, access, role, lastSeq}}: member, joinable (public, not joined) or none. */
    public Uni<ObjectNode> access(UUID channelId, UUID userId) {
        return work.read(db -> channels.membership(db, channelId, userId)).map(found -> {
            ObjectNode json = Json.object();
            json.put("channelId", channelId.toString());
            Membership m = found.orElse(null);
            if (m != null && m.isMember()) {
                json.put("access", "member");
                json.put("role", m.role().wire());
                json.put("lastSeq", m.channel().lastSeq());
            } else if (m != null && m.channel().isPublic()) {
                json.put("access", "joinable");
                json.putNull("role");
                json.put("lastSeq", m.channel().lastSeq());
            } else {
                json.put("access", "none");
                json.putNull("role");
                json.put("lastSeq", 0);
            }
            return json;
        });
    }

    /** {@code {channelId, lastSeq, events:[{t, d}]}}: the logged events with seq above {@code after}, in order. */
    public Uni<ObjectNode> eventsAfter(UUID channelId, long after, int limit) {
        return work.read(db -> channels.find(db, channelId).chain(channel -> events.after(db, channelId, after, limit)
                .map(list -> {
                    ObjectNode json = Json.object();
                    json.put("channelId", channelId.toString());
                    json.put("lastSeq", channel.map(c -> c.lastSeq()).orElse(0L));
                    ArrayNode array = json.putArray("events");
                    list.forEach(e -> array.addObject().put("t", e.type()).set("d", e.payload()));
                    return json;
                })));
    }
}
