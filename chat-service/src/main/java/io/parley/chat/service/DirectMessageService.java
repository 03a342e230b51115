package io.parley.chat.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.ChannelRow;
import io.parley.chat.domain.Role;
import io.parley.chat.domain.WireTime;
import io.parley.chat.repository.ChannelRepository;
import io.parley.chat.repository.UserRepository;
import io.parley.kit.caller.Caller;
import io.parley.kit.error.InvalidException;
import io.parley.kit.error.NotFoundException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** DMs: one channel per pair of users, whoever opens it first; nobody else can ever join it. */
@ApplicationScoped
public class DirectMessageService {

    private final UnitOfWork work;
    private final ChannelRepository channels;
    private final UserRepository users;
    private final MembershipService membership;
    private final UserProjection projection;

    public DirectMessageService(UnitOfWork work, ChannelRepository channels, UserRepository users,
            MembershipService membership, UserProjection projection) {
        this.work = work;
        this.channels = channels;
        this.users = users;
        this.membership = membership;
        this.projection = projection;
    }

    /** Opens (or finds) the DM of the caller and {@code otherUserId}. */
    public Uni<Opened> open(Caller caller, UUID otherUserId) {
        if (otherUserId.equals(caller.userId())) {
            throw new InvalidException("a DM needs another user");
        }
        String key = pairKey(caller.userId(), otherUserId);
        ChannelRow row = new ChannelRow(UUID.randomUUID(), "dm", "", "", "private", 0, WireTime.now(), 0);
        return projection.awaitKnown(otherUserId).chain(() -> work.commit(tx -> users.exists(tx, otherUserId).chain(exists -> {
            if (!exists) {
                throw new NotFoundException("no such user");
            }
            // ON CONFLICT waits for a concurrent opener of the same pair, so both end with the one channel
            return channels.insertDmIfAbsent(tx, row, caller.userId(), key);
        }).chain(created -> {
            if (!created) {
                return channels.findDm(tx, key).map(c -> new Opened(c.orElseThrow().toJson(), false));
            }
            return membership.add(tx, row.id(), caller.userId(), Role.MEMBER)
                    .chain(() -> membership.add(tx, row.id(), otherUserId, Role.MEMBER))
                    .chain(() -> ChannelService.load(tx, channels, row.id()))
                    .map(channel -> new Opened(channel, true));
        })));
    }

    /** The same key from either side: the smaller id first. */
    static String pairKey(UUID a, UUID b) {
        return a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
    }

    /** The DM's channel object, and whether this call created it. */
    public record Opened(ObjectNode channel, boolean created) {
    }
}
