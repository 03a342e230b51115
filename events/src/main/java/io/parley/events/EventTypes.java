package io.parley.events;

/**
 * Every record {@code type} on Parley's topics, grouped per topic (docs/internal-contract.md). Producers and consumers
 * name types only through these constants, so a renamed or removed type breaks the compile on both sides. The
 * {@code data} record of each type is named beside it ({@code io.parley.events.data}).
 */
public final class EventTypes {

    private EventTypes() {
    }

    /** {@code chat.commands}: the client op; data {@link io.parley.events.data.ChatCommand}. */
    public static final class ChatCommands {
        public static final String SEND = "send";
        public static final String EDIT = "edit";
        public static final String DELETE = "delete";
        public static final String REACT = "react";
        public static final String READ = "read";

        private ChatCommands() {
        }
    }

    /** {@code chat.events}: the event {@code t} of PROTOCOL §3; data = the client {@code d}. */
    public static final class ChatEvents {
        /** {@link io.parley.events.data.MessageEvent} (its message carries {@code clientMsgId}). */
        public static final String MESSAGE_CREATED = "message.created";
        /** {@link io.parley.events.data.MessageEvent}. */
        public static final String MESSAGE_UPDATED = "message.updated";
        /** {@link io.parley.events.data.MessageDeleted}. */
        public static final String MESSAGE_DELETED = "message.deleted";
        /** {@link io.parley.events.data.ReactionChanged}. */
        public static final String REACTION_ADDED = "reaction.added";
        /** {@link io.parley.events.data.ReactionChanged}. */
        public static final String REACTION_REMOVED = "reaction.removed";
        /** {@link io.parley.events.data.MemberEvent}. */
        public static final String MEMBER_JOINED = "member.joined";
        /** {@link io.parley.events.data.MemberEvent} ({@code removedBy} when removed). */
        public static final String MEMBER_LEFT = "member.left";
        /** {@link io.parley.events.data.MemberEvent} (role changed). */
        public static final String MEMBER_UPDATED = "member.updated";
        /** {@link io.parley.events.data.ChannelUpdated}. */
        public static final String CHANNEL_UPDATED = "channel.updated";

        private ChatEvents() {
        }
    }

    /** {@code user.events}: data {@link io.parley.events.data.UserEvent}, its {@code d} the client's. */
    public static final class UserEvents {
        /** d {@link io.parley.events.data.ChannelMembership}. */
        public static final String CHANNEL_JOINED = "channel.joined";
        /** d {@link io.parley.events.data.ChannelMembership}. */
        public static final String CHANNEL_LEFT = "channel.left";
        /** d {@link io.parley.events.data.Mention}. */
        public static final String MENTION = "mention";
        /** d {@link io.parley.events.data.ReadUpdated}. */
        public static final String READ_UPDATED = "read.updated";

        private UserEvents() {
        }
    }

    /** {@code chat.ephemeral}. */
    public static final class ChatEphemeral {
        /** {@link io.parley.events.data.Typing}. */
        public static final String TYPING = "typing";

        private ChatEphemeral() {
        }
    }

    /** {@code gateway.replies}. */
    public static final class GatewayReplies {
        /** {@link io.parley.events.data.Reply}. */
        public static final String REPLY = "reply";

        private GatewayReplies() {
        }
    }

    /** {@code auth.users} (compacted): every type carries the whole state, {@link io.parley.events.data.AuthUser}. */
    public static final class AuthUsers {
        public static final String USER_REGISTERED = "user.registered";
        public static final String USER_UPDATED = "user.updated";
        public static final String USER_BANNED = "user.banned";
        public static final String USER_UNBANNED = "user.unbanned";

        private AuthUsers() {
        }
    }

    /** {@code session.events}: gateway → session-service. */
    public static final class SessionEvents {
        /** {@link io.parley.events.data.SessionOpened}. */
        public static final String SESSION_OPENED = "session.opened";
        /** {@link io.parley.events.data.SessionClosed}. */
        public static final String SESSION_CLOSED = "session.closed";
        /** {@link io.parley.events.data.PresenceSet}. */
        public static final String PRESENCE_SET = "presence.set";
        /** {@link io.parley.events.data.InstanceHeartbeat}; subject = the instance id. */
        public static final String INSTANCE_HEARTBEAT = "instance.heartbeat";
        /** {@link io.parley.events.data.InstanceStopped}; subject = the instance id. */
        public static final String INSTANCE_STOPPED = "instance.stopped";
        /** {@link io.parley.events.data.CallCommand}: a client's {@code call.join}, answered on gateway.replies. */
        public static final String CALL_JOIN = "call.op.join";
        /** {@link io.parley.events.data.CallCommand}: a client's {@code call.leave}. */
        public static final String CALL_LEAVE = "call.op.leave";
        /** {@link io.parley.events.data.CallCommand}: a client's {@code call.signal}. */
        public static final String CALL_SIGNAL = "call.op.signal";
        /** {@link io.parley.events.data.CallCommand}: a client's {@code call.get}. */
        public static final String CALL_GET = "call.op.get";

        private SessionEvents() {
        }
    }

    /** {@code session.commands}: session-service → gateways. */
    public static final class SessionCommands {
        /** {@link io.parley.events.data.SessionRevoke}. */
        public static final String SESSION_REVOKE = "session.revoke";
        /** {@link io.parley.events.data.UserDisconnect}. */
        public static final String USER_DISCONNECT = "user.disconnect";

        private SessionCommands() {
        }
    }

    /** {@code presence.events}. */
    public static final class PresenceEvents {
        /** {@link io.parley.events.data.PresenceUpdated}. */
        public static final String PRESENCE_UPDATED = "presence.updated";

        private PresenceEvents() {
        }
    }

    /**
     * {@code call.events} (key channelId): session-service → every gateway, data {@link io.parley.events.data.CallEvent}
     * whose {@code d} is the client's; the type is the client event's {@code t}.
     */
    public static final class CallEvents {
        /** To the channel's subscribers. */
        public static final String CALL_STARTED = "call.started";
        /** To the channel's subscribers. */
        public static final String CALL_JOINED = "call.joined";
        /** To the channel's subscribers. */
        public static final String CALL_LEFT = "call.left";
        /** To the channel's subscribers. */
        public static final String CALL_ENDED = "call.ended";
        /** To the one socket {@code toSessionId}. */
        public static final String CALL_SIGNAL = "call.signal";
        /** To every socket of the users {@code toUserIds}. */
        public static final String CALL_RINGING = "call.ringing";

        private CallEvents() {
        }
    }

    /** {@code media.events} (compacted). */
    public static final class MediaEvents {
        /** {@link io.parley.events.data.FileUploaded}. */
        public static final String FILE_UPLOADED = "file.uploaded";
        /** {@link io.parley.events.data.FileDeleted}. */
        public static final String FILE_DELETED = "file.deleted";

        private MediaEvents() {
        }
    }
}
