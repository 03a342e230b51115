package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The message object of PROTOCOL §2, as {@code message.created} and {@code message.updated} carry it.
 *
 * @param createdAt   ISO-8601 UTC with milliseconds
 * @param editedAt    written as {@code null} until edited
 * @param replyTo     written as {@code null} when not a reply
 * @param reactions   emoji → the users who reacted, in order
 * @param clientMsgId only on {@code message.created}
 */
public record ChatMessage(@JsonProperty(required = true) UUID id, UUID channelId, long seq, UUID senderId,
        String text, String createdAt, String editedAt, boolean deleted, UUID replyTo, List<Attachment> attachments,
        Map<String, List<UUID>> reactions, @JsonInclude(JsonInclude.Include.NON_NULL) String clientMsgId) {
}
