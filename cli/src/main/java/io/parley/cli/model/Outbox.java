package io.parley.cli.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Messages written and not yet confirmed, in the order written, each with the one {@code clientMsgId} every retry
 * reuses (PROTOCOL: a retried {@code clientMsgId} creates nothing new). The {@code ok} or the sender's own
 * {@code message.created}, whichever comes first, confirms a message. A send whose outcome is unknown (the socket
 * was lost before the answer, or the gateway answered that it had none in time) stays and goes out again; a refusal
 * ends it.
 */
public final class Outbox {
    /** Answers after which the request may or may not have been carried out. */
    private static final Set<String> UNKNOWN_OUTCOME = Set.of("DISCONNECTED", "UNAVAILABLE");

    private final Map<String, Map<String, Object>> waiting = new LinkedHashMap<>();

    /** A new message: the {@code send} frame's {@code d}, whose {@code clientMsgId} names it. */
    public void add(Map<String, Object> send) {
        waiting.put((String) send.get("clientMsgId"), send);
    }

    /** The ok or the message.created of this clientMsgId came: true if it was waiting. */
    public boolean confirmed(String clientMsgId) {
        return waiting.remove(clientMsgId) != null;
    }

    /**
     * The send failed with this code: true if it stays (to go out again), false if it was refused and is dropped (or
     * was confirmed meanwhile).
     */
    public boolean failed(String clientMsgId, String code) {
        if (!waiting.containsKey(clientMsgId)) {
            return false;
        }
        if (unknownOutcome(code)) {
            return true;
        }
        waiting.remove(clientMsgId);
        return false;
    }

    /** Whether a request that failed with this code may still have been carried out (so it is sent again). */
    public static boolean unknownOutcome(String code) {
        return UNKNOWN_OUTCOME.contains(code);
    }

    public boolean isWaiting(String clientMsgId) {
        return waiting.containsKey(clientMsgId);
    }

    /** What is still to be confirmed, in the order written. */
    public List<Map<String, Object>> waiting() {
        return new ArrayList<>(waiting.values());
    }

    public int size() {
        return waiting.size();
    }
}
