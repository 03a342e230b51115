package io.parley.chat.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.ChannelRow;
import io.parley.chat.domain.FieldRules;
import io.parley.chat.domain.Json;
import io.parley.chat.domain.Role;
import io.parley.chat.domain.WireTime;
import io.parley.chat.repository.ChannelRepository.MyChannel;
import io.parley.chat.repository.ChannelRepository;
import io.parley.events.EventTypes.ChatEvents;
import io.parley.kit.caller.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Channels: create, read, update, list the caller's and the public ones. */
@ApplicationScoped
public class ChannelService {

    private final UnitOfWork work;
    private final ChannelRepository channels;
    private final AccessPolicy access;
    private final ChannelEventLog log;
    private final MembershipService membership;

    public ChannelService(UnitOfWork work, ChannelRepository channels, AccessPolicy access, ChannelEventLog log,
            MembershipService membership) {
        this.work = work;
        this.channels = channels;
        this.access = access;
        this.log = log;
        this.membership = membership;
    }

    /** Creates a channel whose creator is its owner (their member.joined is seq 1). */
    public Uni<ObjectNode> create(Caller caller, String name, String topic, String visibility) {
        ChannelRow row = new ChannelRow(UUID.randomUUID(), "channel", FieldRules.channelName(name),
                FieldRules.topic(topic), FieldRules.visibility(visibility), 0, WireTime.now(), 0);
        return work.commit(tx -> channels.insert(tx, row, caller.userId())
                .chain(() -> membership.add(tx, row.id(), caller.userId(), Role.OWNER))
                .chain(() -> load(tx, row.id())));
    }

    public Uni<ObjectNode> get(Caller caller, UUID id) {
        return work.read(db -> access.visible(db, id, caller).map(m -> m.channel().toJson()));
    }

    /** Renames or re-topics a channel (owner, moderator, admin); announced as channel.updated. */
    public Uni<ObjectNode> update(Caller caller, UUID id, String name, String topic) {
        return work.commit(tx -> access.moderator(tx, id, caller).chain(m -> {
            String newName = name == null ? m.channel().name() : FieldRules.channelName(name);
            String newTopic = topic == null ? m.channel().topic() : FieldRules.topic(topic);
            return channels.update(tx, id, newName, newTopic)
                    .chain(() -> log.append(tx, id, ChatEvents.CHANNEL_UPDATED, seq -> {
                        ChannelRow c = m.channel();
                        ObjectNode d = Json.object();
                        d.set("channel", new ChannelRow(c.id(), c.type(), newName, newTopic, c.visibility(), seq,
                                c.createdAt(), c.memberCount()).toJson());
                        return d;
                    }))
                    .chain(() -> load(tx, id));
        }));
    }

    public Uni<List<MyChannel>> mine(Caller caller) {
        return work.read(db -> channels.listForUser(db, caller.userId()));
    }

    public Uni<List<ChannelRow>> discoverable(String query, int limit) {
        return work.read(db -> channels.listPublic(db, query == null ? "" : query, limit));
    }

    static Uni<ObjectNode> load(SqlClient db, ChannelRepository channels, UUID id) {
        return channels.find(db, id).map(c -> c.orElseThrow(AccessPolicy::notFound).toJson());
    }

    private Uni<ObjectNode> load(SqlClient db, UUID id) {
        return load(db, channels, id);
    }
}
