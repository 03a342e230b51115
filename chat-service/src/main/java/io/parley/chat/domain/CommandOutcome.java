package io.parley.chat.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.kit.error.ApiException;

/**
 * What applying a command gave. {@code reply} is the {@code gateway.replies} body part ({@code {ok:{…}}} or
 * {@code {error:{code,message}}}); {@code error} the failure (null on success or on a replayed reply);
 * {@code message} and {@code created} are set by {@code send} (REST answers 201 vs 200 from them).
 */
public record CommandOutcome(ObjectNode reply, ApiException error, ObjectNode message, boolean created) {

    public static CommandOutcome ok(ObjectNode ok) {
        return new CommandOutcome(okReply(ok), null, null, false);
    }

    public static CommandOutcome sent(ObjectNode ok, ObjectNode message, boolean created) {
        return new CommandOutcome(okReply(ok), null, message, created);
    }

    public static CommandOutcome failed(ApiException error) {
        ObjectNode body = Json.object();
        body.put("code", error.code());
        body.put("message", error.getMessage());
        ObjectNode reply = Json.object();
        reply.set("error", body);
        return new CommandOutcome(reply, error, null, false);
    }

    /** The stored reply of a command applied before (a Kafka redelivery). */
    public static CommandOutcome replayed(ObjectNode reply) {
        return new CommandOutcome(reply, null, null, false);
    }

    private static ObjectNode okReply(ObjectNode ok) {
        ObjectNode reply = Json.object();
        reply.set("ok", ok);
        return reply;
    }
}
