package io.parley.chat.service;

import io.parley.chat.repository.ChannelRepository;
import io.parley.chat.repository.ChannelRepository.MemberKey;
import io.parley.chat.repository.MessageRepository;
import io.parley.chat.repository.MessageRepository.SenderMsgId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads what a batch planned ({@link BatchReads.Plan}) in three statements, sent together on the transaction: the
 * memberships, the clientMsgId dedupe, and the last seq of the channels written to, whose rows it locks
 * ({@link PendingSends}).
 */
@ApplicationScoped
public class BatchReader {

    private final ChannelRepository channels;
    private final MessageRepository messages;

    public BatchReader(ChannelRepository channels, MessageRepository messages) {
        this.channels = channels;
        this.messages = messages;
    }

    public Uni<BatchReads> read(SqlClient tx, BatchReads.Plan plan) {
        if (plan.isEmpty()) {
            return Uni.createFrom().item(BatchReads.none());
        }
        List<UUID> channelIds = new ArrayList<>();
        List<UUID> members = new ArrayList<>();
        for (MemberKey key : plan.memberKeys) {
            channelIds.add(key.channelId());
            members.add(key.userId());
        }
        List<UUID> senders = new ArrayList<>();
        List<String> clientMsgIds = new ArrayList<>();
        for (SenderMsgId key : plan.sendKeys) {
            senders.add(key.senderId());
            clientMsgIds.add(key.clientMsgId());
        }
        return Uni.combine().all()
                .unis(channels.memberships(tx, channelIds, members),
                        messages.findBySendersAndClientMsgIds(tx, senders, clientMsgIds),
                        channels.lockSeqs(tx, channelIds.stream().distinct().toList()))
                .with((memberships, firstSends, seqs) -> new BatchReads(plan.memberKeys, memberships, plan.sendKeys,
                        firstSends, new PendingSends(seqs)));
    }
}
