package io.parley.chat.service;

import io.parley.chat.domain.Membership;
import io.parley.chat.repository.ChannelRepository.MemberKey;
import io.parley.chat.repository.MessageRepository.MessageHead;
import io.parley.chat.repository.MessageRepository.SenderMsgId;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a batch's commands read, read once for the whole batch at the start of its transaction ({@link BatchReader})
 * instead of one round trip per command: each sender's membership of the channel they write to, and the message an
 * earlier send with the same clientMsgId made.
 *
 * <p>A read at the start of the transaction sees what a read just before each command would: no command of
 * {@code chat.commands} changes membership (joins, invitations and removals are REST calls, each in a transaction of
 * its own), and the sends a batch makes are added here as they are made ({@link #sent}), so a retry later in the same
 * batch finds its first. A key that was not planned reads as unknown and the handler reads it itself.
 *
 * <p>Not thread-safe: a batch's lanes interleave on the transaction's connection, they never run in parallel.
 */
public final class BatchReads {

    private static final BatchReads NONE = new BatchReads(Set.of(), Map.of(), Set.of(), Map.of(), null);

    private final Set<MemberKey> memberKeys;
    private final Map<MemberKey, Membership> memberships;
    private final Set<SenderMsgId> sendKeys;
    private final Map<SenderMsgId, MessageHead> firstSends;
    private final PendingSends pending;

    BatchReads(Set<MemberKey> memberKeys, Map<MemberKey, Membership> memberships, Set<SenderMsgId> sendKeys,
            Map<SenderMsgId, MessageHead> firstSends, PendingSends pending) {
        this.memberKeys = memberKeys;
        this.memberships = memberships;
        this.sendKeys = sendKeys;
        this.firstSends = new HashMap<>(firstSends);
        this.pending = pending;
    }

    /** Nothing read up front, every question reads as unknown, and a send inserts its rows at once. */
    public static BatchReads none() {
        return NONE;
    }

    /**
     * The user's membership of the channel as read for the batch: empty when it was not read (ask the database),
     * otherwise the membership, or an empty inner optional when the channel does not exist.
     */
    public Optional<Optional<Membership>> membership(UUID channelId, UUID userId) {
        MemberKey key = new MemberKey(channelId, userId);
        return memberKeys.contains(key) ? Optional.of(Optional.ofNullable(memberships.get(key))) : Optional.empty();
    }

    /**
     * The message the sender's clientMsgId made, as read for the batch and made in it: empty when it was not read
     * (ask the database), otherwise the message, or an empty inner optional when there is none yet.
     */
    public Optional<Optional<MessageHead>> firstSend(UUID senderId, String clientMsgId) {
        SenderMsgId key = new SenderMsgId(senderId, clientMsgId);
        return sendKeys.contains(key) ? Optional.of(Optional.ofNullable(firstSends.get(key))) : Optional.empty();
    }

    /** A send of this batch made {@code message}: a retry later in the batch replays it. */
    public void sent(UUID senderId, String clientMsgId, MessageHead message) {
        SenderMsgId key = new SenderMsgId(senderId, clientMsgId);
        if (sendKeys.contains(key)) {
            firstSends.put(key, message);
        }
    }

    /**
     * Where the batch's sends leave their rows for one insert per table ({@link ChannelEventLog#flush}); empty when
     * each send inserts its own at once (a single command outside a batch).
     */
    public Optional<PendingSends> pendingSends() {
        return Optional.ofNullable(pending);
    }

    /** The keys a batch's handlers ask to have read ({@link CommandHandler#plan}). */
    public static final class Plan {

        final Set<MemberKey> memberKeys = new LinkedHashSet<>();
        final Set<SenderMsgId> sendKeys = new LinkedHashSet<>();

        /** Read the user's membership of the channel. */
        public void membership(UUID channelId, UUID userId) {
            memberKeys.add(new MemberKey(channelId, userId));
        }

        /** Read the message the sender's clientMsgId made, if any. */
        public void firstSend(UUID senderId, String clientMsgId) {
            sendKeys.add(new SenderMsgId(senderId, clientMsgId));
        }

        boolean isEmpty() {
            return memberKeys.isEmpty() && sendKeys.isEmpty();
        }
    }
}
