package io.parley.chat.domain;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One client operation to apply: from {@code chat.commands} (with the envelope id, for redelivery dedupe, and the
 * gateway's reply address) or from REST (no id, no address).
 */
public record Command(String id, String op, Caller caller, JsonNode d, ReplyAddress reply) {

    /** Where the gateway wants the answer: its instance, the socket and the client's frame id. */
    public record ReplyAddress(String instance, String connectionId, String frameId) {
    }
}
