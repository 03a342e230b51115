package io.parley.events.data;

/**
 * Where the answer to a command goes ({@code gateway.replies}, keyed by {@code instance}).
 *
 * @param instance     the gateway's {@code parley.instance-id}; a command whose address lacks it gets no reply
 *                     (not required here, so such a command still reads)
 * @param connectionId the websockets-next connection id
 * @param frameId      the client frame's {@code id}
 */
public record ReplyAddress(String instance, String connectionId, String frameId) {
}
