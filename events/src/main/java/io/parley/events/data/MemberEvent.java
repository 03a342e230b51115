package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/**
 * {@code chat.events} (key channelId), types {@code member.joined}, {@code member.left} and {@code member.updated}.
 *
 * @param role      {@code owner}, {@code moderator} or {@code member}
 * @param removedBy only on {@code member.left} when someone else removed the member
 */
public record MemberEvent(@JsonProperty(required = true) UUID channelId, @JsonProperty(required = true) long seq,
        @JsonProperty(required = true) UUID userId, String role,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID removedBy) {
}
