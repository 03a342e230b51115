package io.parley.chat.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.data.ReplyAddress;
import io.parley.kit.caller.Caller;

/**
 * One client operation to apply: from {@code chat.commands} (with the envelope id, for redelivery dedupe, and the
 * gateway's reply address: its instance, the socket and the client's frame id) or from REST (no id, no address).
 */
public record Command(String id, String op, Caller caller, JsonNode d, ReplyAddress reply) {
}
