package io.parley.chat.domain;

import java.util.List;
import java.util.UUID;

/** The {@code d} of each client operation, as PROTOCOL §3 shows it; unknown fields are ignored. */
public final class CommandPayloads {

    private CommandPayloads() {
    }

    public record Send(UUID channelId, String text, String clientMsgId, UUID replyTo, List<UUID> attachments) {
    }

    public record Edit(UUID channelId, UUID messageId, String text) {
    }

    public record Delete(UUID channelId, UUID messageId) {
    }

    public record React(UUID channelId, UUID messageId, String emoji, Boolean add) {
    }

    public record Read(UUID channelId, Long seq) {
    }
}
