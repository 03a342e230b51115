package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.UUID;

/**
 * {@code chat.commands} (key channelId), types {@code EventTypes.ChatCommands.*}: a client command.
 *
 * @param userId   the caller
 * @param username the caller's username from the token
 * @param roles    the caller's roles from the token ({@code admin}, …)
 * @param d        the client's {@code d} exactly as sent (chat-service validates it)
 * @param reply    where the reply goes
 */
public record ChatCommand(@JsonProperty(required = true) UUID userId, String username, List<String> roles,
        JsonNode d, ReplyAddress reply) {
}
