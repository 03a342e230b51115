package io.parley.chat.service.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Command;
import io.parley.chat.domain.CommandOutcome;
import io.parley.chat.domain.CommandPayloads.Send;
import io.parley.chat.domain.FieldRules;
import io.parley.chat.domain.Json;
import io.parley.chat.domain.WireTime;
import io.parley.chat.repository.FileRepository;
import io.parley.chat.repository.MessageRepository.MessageHead;
import io.parley.chat.repository.MessageRepository.NewMessage;
import io.parley.chat.repository.MessageRepository;
import io.parley.chat.service.AccessPolicy;
import io.parley.chat.service.BatchReads;
import io.parley.chat.service.ChannelEventLog;
import io.parley.chat.service.CommandHandler;
import io.parley.chat.service.MentionNotifier;
import io.parley.chat.service.PendingSends;
import io.parley.chat.service.PayloadReader;
import io.parley.chat.slash.SlashInvoker;
import io.parley.chat.slash.SlashText;
import io.parley.events.EventTypes.ChatCommands;
import io.parley.events.EventTypes.ChatEvents;
import io.parley.kit.caller.Caller;
import io.parley.kit.error.InvalidException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code send}: a new message, or the first result again for a retried (sender, clientMsgId); a slash command's text
 * becomes an invocation of its bot instead ({@link SlashInvoker}).
 */
@ApplicationScoped
public class SendHandler implements CommandHandler {

    static final int MAX_ATTACHMENTS = 10;

    private final PayloadReader reader;
    private final AccessPolicy access;
    private final MessageRepository messages;
    private final FileRepository files;
    private final ChannelEventLog log;
    private final MentionNotifier mentions;
    private final SlashInvoker slash;

    public SendHandler(PayloadReader reader, AccessPolicy access, MessageRepository messages, FileRepository files,
            ChannelEventLog log, MentionNotifier mentions, SlashInvoker slash) {
        this.reader = reader;
        this.access = access;
        this.messages = messages;
        this.files = files;
        this.log = log;
        this.mentions = mentions;
        this.slash = slash;
    }

    @Override
    public String op() {
        return ChatCommands.SEND;
    }

    /** A send reads its sender's membership and the dedupe of its clientMsgId: the batch reads them for all. */
    @Override
    public void plan(Command command, BatchReads.Plan plan) {
        JsonNode d = command.d();
        if (d == null || command.caller() == null) {
            return;
        }
        UUID senderId = command.caller().userId();
        JsonNode clientMsgId = d.get("clientMsgId");
        if (clientMsgId != null && clientMsgId.isTextual() && validClientMsgId(clientMsgId.textValue())) {
            plan.firstSend(senderId, clientMsgId.textValue());
        }
        JsonNode channelId = d.get("channelId");
        if (channelId != null && channelId.isTextual()) {
            try {
                plan.membership(UUID.fromString(channelId.textValue()), senderId);
            } catch (IllegalArgumentException notAUuid) {
                // apply refuses it as INVALID
            }
        }
    }

    private static boolean validClientMsgId(String clientMsgId) {
        try {
            FieldRules.clientMsgId(clientMsgId);
            return true;
        } catch (InvalidException e) {
            return false;
        }
    }

    @Override
    public Uni<CommandOutcome> apply(SqlConnection tx, Command command, BatchReads reads) {
        Send send = reader.read(command.d(), Send.class);
        UUID channelId = FieldRules.required("channelId", send.channelId());
        String clientMsgId = FieldRules.clientMsgId(send.clientMsgId());
        List<UUID> attachments = send.attachments() == null ? List.of() : send.attachments();
        if (attachments.size() > MAX_ATTACHMENTS || new HashSet<>(attachments).size() != attachments.size()
                || attachments.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidException("attachments: at most " + MAX_ATTACHMENTS + " distinct media ids");
        }
        String text = FieldRules.text(send.text(), !attachments.isEmpty());
        Caller caller = command.caller();
        // "/name args" goes to the command's bot instead (no message, no seq); "//text" posts "/text"
        Optional<SlashText.Invocation> slash = SlashText.parse(text);
        // the batch's pending sends are inserted before anything here reads messages or refers to one
        return firstSend(tx, reads, caller.userId(), clientMsgId).chain(first -> first.isPresent()
                ? log.flush(tx, reads).chain(() -> replay(tx, first.get()))
                : slash.isPresent()
                ? log.flush(tx, reads).chain(() -> this.slash.invoke(tx, channelId, caller, clientMsgId, slash.get(),
                        text, !attachments.isEmpty()))
                : access.member(tx, channelId, caller, reads)
                        .chain(() -> send.replyTo() == null ? Uni.createFrom().voidItem()
                                : log.flush(tx, reads).chain(() -> checkReplyTo(tx, channelId, send.replyTo())))
                        .chain(() -> attachedFiles(tx, caller.userId(), attachments))
                        .chain(fileViews -> create(tx, channelId, caller, clientMsgId, SlashText.unescape(text),
                                send.replyTo(), attachments, fileViews, null, reads)));
    }

    private Uni<Optional<MessageHead>> firstSend(SqlConnection tx, BatchReads reads, UUID senderId, String clientMsgId) {
        Optional<Optional<MessageHead>> read = reads.firstSend(senderId, clientMsgId);
        return read.isPresent() ? Uni.createFrom().item(read.get())
                : log.flush(tx, reads).chain(() -> messages.findBySenderAndClientMsgId(tx, senderId, clientMsgId));
    }

    private Uni<CommandOutcome> replay(SqlConnection tx, MessageHead first) {
        return messages.view(tx, first.id()).map(view -> CommandOutcome.sent(ok(first.id(), first.seq(),
                first.createdAt()), view.orElseThrow(), false));
    }

    private Uni<Void> checkReplyTo(SqlConnection tx, UUID channelId, UUID replyTo) {
        if (replyTo == null) {
            return Uni.createFrom().voidItem();
        }
        return messages.findHead(tx, replyTo).invoke(head -> {
            if (head.isEmpty() || !head.get().channelId().equals(channelId)) {
                throw new InvalidException("replyTo must be a message of the same channel");
            }
        }).replaceWithVoid();
    }

    private Uni<Map<UUID, ObjectNode>> attachedFiles(SqlConnection tx, UUID senderId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return files.ownedBy(tx, senderId, ids).invoke(found -> {
            if (found.size() != ids.size()) {
                throw new InvalidException("attachments must be files you uploaded");
            }
        });
    }

    /**
     * An integration's post as a bot ({@code io.parley.chat.webhooks.BotPoster}): a send's checks and effects in the
     * caller's transaction, with extra message view fields ({@code extras}, may be null). Text only, posted as it is
     * (never a slash command); the bot must be a member of the channel.
     */
    public Uni<CommandOutcome> post(SqlConnection tx, UUID channelId, Caller bot, String clientMsgId, String text,
            ObjectNode extras) {
        return Uni.createFrom().deferred(() -> {
            FieldRules.text(text, false);
            return messages.findBySenderAndClientMsgId(tx, bot.userId(), clientMsgId).chain(first -> first.isPresent()
                    ? replay(tx, first.get())
                    : access.member(tx, channelId, bot).chain(() -> create(tx, channelId, bot, clientMsgId, text, null,
                            List.of(), Map.of(), extras, BatchReads.none())));
        });
    }

    private Uni<CommandOutcome> create(SqlConnection tx, UUID channelId, Caller caller, String clientMsgId,
            String text, UUID replyTo, List<UUID> attachments, Map<UUID, ObjectNode> fileViews, ObjectNode extras,
            BatchReads reads) {
        UUID id = UUID.randomUUID();
        Instant createdAt = WireTime.now();
        ObjectNode[] message = new ObjectNode[1];
        Optional<PendingSends> pending = reads.pendingSends();
        return log.append(tx, channelId, ChatEvents.MESSAGE_CREATED, seq -> {
                    message[0] = MessageRepository.withExtras(view(id, channelId, seq, caller.userId(), text, createdAt,
                            replyTo, attachments, fileViews), extras);
                    ObjectNode d = Json.object();
                    d.set("message", message[0].deepCopy().put("clientMsgId", clientMsgId));
                    return d;
                }, reads)
                .call(seq -> {
                    NewMessage row = new NewMessage(id, channelId, seq, caller.userId(), clientMsgId, text, replyTo,
                            createdAt, extras);
                    if (pending.isEmpty()) {
                        return messages.insertAll(tx, List.of(row));
                    }
                    pending.get().message(row);
                    // an attachment refers to its message: the message is inserted first
                    return attachments.isEmpty() ? Uni.createFrom().voidItem() : log.flush(tx, reads);
                })
                .call(() -> messages.insertAttachments(tx, id, attachments))
                .call(seq -> mentions.notify(tx, channelId, seq, id, caller.userId(), text))
                .invoke(seq -> reads.sent(caller.userId(), clientMsgId,
                        new MessageHead(id, channelId, seq, caller.userId(), false, createdAt)))
                .map(seq -> CommandOutcome.sent(ok(id, seq, createdAt), message[0], true));
    }

    private static ObjectNode view(UUID id, UUID channelId, long seq, UUID senderId, String text, Instant createdAt,
            UUID replyTo, List<UUID> attachments, Map<UUID, ObjectNode> fileViews) {
        ObjectNode json = Json.object();
        json.put("id", id.toString());
        json.put("channelId", channelId.toString());
        json.put("seq", seq);
        json.put("senderId", senderId.toString());
        json.put("text", text);
        json.put("createdAt", WireTime.format(createdAt));
        json.putNull("editedAt");
        json.put("deleted", false);
        json.put("replyTo", replyTo == null ? null : replyTo.toString());
        ArrayNode files = json.putArray("attachments");
        attachments.forEach(a -> files.add(fileViews.get(a)));
        json.putObject("reactions");
        return json;
    }

    private static ObjectNode ok(UUID messageId, long seq, Instant createdAt) {
        ObjectNode ok = Json.object();
        ok.put("messageId", messageId.toString());
        ok.put("seq", seq);
        ok.put("createdAt", WireTime.format(createdAt));
        return ok;
    }
}
