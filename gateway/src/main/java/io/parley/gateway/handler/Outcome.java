package io.parley.gateway.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.gateway.socket.FrameEncoder;

/** What a handler answers: the {@code ok} data, and work that must only start once the ok is written. */
public record Outcome(JsonNode ok, Runnable afterOk) {

    public static Outcome of(JsonNode ok) {
        return new Outcome(ok, null);
    }

    public static Outcome empty() {
        return new Outcome(FrameEncoder.object(), null);
    }
}
