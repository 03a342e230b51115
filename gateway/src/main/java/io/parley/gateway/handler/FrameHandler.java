package io.parley.gateway.handler;

import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.InboundFrame;
import io.smallrye.mutiny.Uni;

/**
 * Handles one client op. The dispatcher turns the outcome into the frame's one {@code ok}, or its failure into the
 * one {@code error}; a handler never writes either itself.
 */
public interface FrameHandler {

    String op();

    /** May throw a kit {@code ApiException} (INVALID, ...) synchronously for invalid input. */
    Uni<Outcome> handle(ClientSocket socket, String frameId, InboundFrame frame);
}
