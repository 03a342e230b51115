package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.EnvelopeJson;

/**
 * {@code gateway.replies} (key gateway instance id), type {@code reply}: exactly one of {@code ok} and {@code error}.
 *
 * @param connectionId from the command's {@link ReplyAddress}
 * @param frameId      from the command's {@link ReplyAddress}
 * @param ok           the reply {@code d} of PROTOCOL §3 ({@code send} → {@code {messageId, seq, createdAt}};
 *                     {@code edit}/{@code delete}/{@code react} → {@code {seq}}; {@code read} → {@code {}})
 * @param error        the failure
 */
public record Reply(String connectionId, String frameId,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode ok,
        @JsonInclude(JsonInclude.Include.NON_NULL) ReplyError error) {

    public static Reply ok(ReplyAddress to, JsonNode ok) {
        return new Reply(to.connectionId(), to.frameId(), ok == null ? EnvelopeJson.mapper().createObjectNode() : ok, null);
    }

    public static Reply error(ReplyAddress to, String code, String message) {
        return new Reply(to.connectionId(), to.frameId(), null, new ReplyError(code, message));
    }

    /** Whether this reply carries an {@code error} (not a bean getter: it is no JSON property). */
    public boolean failed() {
        return error != null;
    }
}
