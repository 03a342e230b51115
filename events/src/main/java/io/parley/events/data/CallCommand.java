package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.UUID;

/**
 * {@code session.events} (key userId), types {@code call.join}, {@code call.leave}, {@code call.signal},
 * {@code call.get}: a client's call op, checked for shape (and, for join/get, channel access) by the gateway;
 * session-service answers it on gateway.replies.
 *
 * @param userId    the caller
 * @param sessionId the caller's socket (its {@code hello.sessionId})
 * @param instance  the gateway holding the socket
 * @param channelId the call's channel
 * @param signal    {@code call.signal} only: {@code {toSessionId, kind, payload}} as the client sent them
 * @param reply     where the answer goes
 */
public record CallCommand(@JsonProperty(required = true) UUID userId, @JsonProperty(required = true) UUID sessionId,
        @JsonProperty(required = true) String instance, @JsonProperty(required = true) UUID channelId,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode signal, ReplyAddress reply) {
}
