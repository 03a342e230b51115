package io.parley.chat.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.domain.Membership;
import io.parley.chat.domain.Role;
import io.parley.chat.repository.ChannelRepository;
import io.parley.chat.repository.MemberRepository.MemberEntry;
import io.parley.chat.repository.MemberRepository;
import io.parley.chat.repository.UserRepository;
import io.parley.events.EventTypes.ChatEvents;
import io.parley.events.EventTypes.UserEvents;
import io.parley.kit.caller.Caller;
import io.parley.kit.error.ForbiddenException;
import io.parley.kit.error.InvalidException;
import io.parley.kit.error.NotFoundException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Joining, leaving, invitations, removals and roles; each change is a channel event plus the user's own event. */
@ApplicationScoped
public class MembershipService {

    private final UnitOfWork work;
    private final ChannelRepository channels;
    private final MemberRepository members;
    private final UserRepository users;
    private final AccessPolicy access;
    private final ChannelEventLog log;
    private final UserProjection projection;

    public MembershipService(UnitOfWork work, ChannelRepository channels, MemberRepository members,
            UserRepository users, AccessPolicy access, ChannelEventLog log, UserProjection projection) {
        this.projection = projection;
        this.work = work;
        this.channels = channels;
        this.members = members;
        this.users = users;
        this.access = access;
        this.log = log;
    }

    /** Public channels only; joining twice changes nothing. */
    public Uni<Void> join(Caller caller, UUID channelId) {
        return work.commit(tx -> channels.membership(tx, channelId, caller.userId()).chain(found -> {
            Membership m = found.orElseThrow(AccessPolicy::notFound);
            if (m.isMember()) {
                return Uni.createFrom().voidItem();
            }
            if (!m.channel().isPublic()) {
                // an admin sees private channels (to moderate them) but joins them like anyone: by invitation
                if (caller.admin() && !m.channel().isDm()) {
                    throw new ForbiddenException("a private channel is joined by invitation");
                }
                throw AccessPolicy.notFound();
            }
            return add(tx, channelId, caller.userId(), Role.MEMBER);
        }));
    }

    public Uni<Void> leave(Caller caller, UUID channelId) {
        return work.commit(tx -> access.visible(tx, channelId, caller).chain(m -> {
            if (m.channel().isDm()) {
                throw new ForbiddenException("a DM cannot be left");
            }
            if (!m.isMember()) {
                return Uni.createFrom().voidItem();
            }
            return drop(tx, channelId, caller.userId(), m.role(), null);
        }));
    }

    /**
     * Adds a user to a channel (owner, moderator, admin); inviting a member again changes nothing. Someone who just
     * registered is waited for (see {@link UserProjection}).
     */
    public Uni<Void> invite(Caller caller, UUID channelId, UUID userId) {
        return projection.awaitKnown(userId).chain(() -> work.commit(tx -> access.moderator(tx, channelId, caller)
                .chain(() -> users.exists(tx, userId))
                .chain(exists -> {
                    if (!exists) {
                        throw new NotFoundException("no such user");
                    }
                    return channels.membership(tx, channelId, userId);
                })
                .chain(target -> target.orElseThrow().isMember() ? Uni.createFrom().voidItem()
                        : add(tx, channelId, userId, Role.MEMBER))));
    }

    /** Removes a member (owner, moderator, admin); a moderator cannot remove an owner. */
    public Uni<Void> remove(Caller caller, UUID channelId, UUID userId) {
        return work.commit(tx -> access.moderator(tx, channelId, caller).chain(actor ->
                channels.membership(tx, channelId, userId).chain(found -> {
                    Membership target = found.orElseThrow();
                    if (!target.isMember()) {
                        throw new NotFoundException("not a member");
                    }
                    if (target.role() == Role.OWNER && actor.role() != Role.OWNER && !caller.admin()) {
                        throw new ForbiddenException("only an owner may remove an owner");
                    }
                    return drop(tx, channelId, userId, target.role(), caller.userId());
                })));
    }

    /** Sets a member's role (owner, admin); announced as member.updated. */
    public Uni<Void> setRole(Caller caller, UUID channelId, UUID userId, String roleName) {
        Role role = Role.parse(roleName).orElseThrow(() -> new InvalidException("role must be owner, moderator or member"));
        return work.commit(tx -> access.owner(tx, channelId, caller).chain(() ->
                channels.membership(tx, channelId, userId).chain(found -> {
                    Membership target = found.orElseThrow();
                    if (!target.isMember()) {
                        throw new NotFoundException("not a member");
                    }
                    if (target.role() == role) {
                        return Uni.createFrom().voidItem();
                    }
                    return members.setRole(tx, channelId, userId, role)
                            .chain(() -> log.append(tx, channelId, ChatEvents.MEMBER_UPDATED, seq -> memberBody(userId, role)))
                            .replaceWithVoid();
                })));
    }

    public Uni<List<MemberEntry>> page(Caller caller, UUID channelId, UUID after, int limitPlusOne) {
        return work.read(db -> access.visible(db, channelId, caller)
                .chain(() -> members.page(db, channelId, after, limitPlusOne)));
    }

    /** Makes a user a member in the caller's transaction: member.joined, whose seq is their first read marker. */
    Uni<Void> add(SqlClient tx, UUID channelId, UUID userId, Role role) {
        return log.append(tx, channelId, ChatEvents.MEMBER_JOINED, seq -> memberBody(userId, role))
                .chain(seq -> members.insert(tx, channelId, userId, role, seq))
                .chain(() -> ChannelService.load(tx, channels, channelId))
                .chain(channel -> log.toUser(tx, userId, UserEvents.CHANNEL_JOINED, channelBody(channelId, channel)));
    }

    private Uni<Void> drop(SqlClient tx, UUID channelId, UUID userId, Role role, UUID removedBy) {
        return members.delete(tx, channelId, userId)
                .chain(() -> log.append(tx, channelId, ChatEvents.MEMBER_LEFT, seq -> {
                    ObjectNode d = memberBody(userId, role);
                    if (removedBy != null) {
                        d.put("removedBy", removedBy.toString());
                    }
                    return d;
                }))
                .chain(() -> ChannelService.load(tx, channels, channelId))
                .chain(channel -> log.toUser(tx, userId, UserEvents.CHANNEL_LEFT, channelBody(channelId, channel)));
    }

    private static ObjectNode memberBody(UUID userId, Role role) {
        ObjectNode d = Json.object();
        d.put("userId", userId.toString());
        d.put("role", role.wire());
        return d;
    }

    private static ObjectNode channelBody(UUID channelId, ObjectNode channel) {
        ObjectNode d = Json.object();
        d.put("channelId", channelId.toString());
        d.set("channel", channel);
        return d;
    }
}
