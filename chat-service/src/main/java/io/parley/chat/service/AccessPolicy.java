package io.parley.chat.service;

import io.parley.chat.domain.Membership;
import io.parley.chat.repository.ChannelRepository;
import io.parley.kit.caller.Caller;
import io.parley.kit.error.ForbiddenException;
import io.parley.kit.error.NotFoundException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;

/**
 * Who may see and change a channel. Invisible (private or DM one is not in) reads as NOT_FOUND; visible but not
 * allowed is FORBIDDEN. A global admin sees every channel but DMs, and may moderate them.
 */
@ApplicationScoped
public class AccessPolicy {

    private final ChannelRepository channels;

    public AccessPolicy(ChannelRepository channels) {
        this.channels = channels;
    }

    /** The channel as the caller sees it: members, anyone for public channels, admins for all but DMs. */
    public Uni<Membership> visible(SqlClient db, UUID channelId, Caller caller) {
        return channels.membership(db, channelId, caller.userId()).map(found -> visible(found, caller));
    }

    private static Membership visible(Optional<Membership> found, Caller caller) {
        Membership m = found.orElseThrow(AccessPolicy::notFound);
        boolean sees = m.isMember() || m.channel().isPublic() || (caller.admin() && !m.channel().isDm());
        if (!sees) {
            throw notFound();
        }
        return m;
    }

    /** Reading and writing messages: members only. */
    public Uni<Membership> member(SqlClient db, UUID channelId, Caller caller) {
        return visible(db, channelId, caller).invoke(AccessPolicy::requireMember);
    }

    /** {@link #member}, answered from the batch's reads when it read this membership (a command of a batch). */
    public Uni<Membership> member(SqlClient db, UUID channelId, Caller caller, BatchReads reads) {
        Optional<Optional<Membership>> read = reads.membership(channelId, caller.userId());
        if (read.isEmpty()) {
            return member(db, channelId, caller);
        }
        return Uni.createFrom().item(() -> {
            Membership m = visible(read.get(), caller);
            requireMember(m);
            return m;
        });
    }

    private static void requireMember(Membership m) {
        if (!m.isMember()) {
            throw new ForbiddenException("join the channel first");
        }
    }

    /** Invite, remove, update the channel, delete others' messages: owner, moderator or global admin. */
    public Uni<Membership> moderator(SqlClient db, UUID channelId, Caller caller) {
        return visible(db, channelId, caller).invoke(m -> {
            if (m.channel().isDm()) {
                throw new ForbiddenException("a DM has no moderators");
            }
            requireModerator(m, caller);
        });
    }

    public void requireModerator(Membership m, Caller caller) {
        if (!caller.admin() && (m.role() == null || !m.role().moderates())) {
            throw new ForbiddenException("only an owner or moderator may do this");
        }
    }

    /** Role changes: owner or global admin. */
    public Uni<Membership> owner(SqlClient db, UUID channelId, Caller caller) {
        return moderator(db, channelId, caller).invoke(m -> {
            if (!caller.admin() && m.role() != io.parley.chat.domain.Role.OWNER) {
                throw new ForbiddenException("only an owner may change roles");
            }
        });
    }

    static NotFoundException notFound() {
        return new NotFoundException("no such channel");
    }
}
