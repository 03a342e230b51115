package io.parley.gateway.handler;

import io.parley.gateway.messaging.SessionEventPublisher;
import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.FrameFields;
import io.parley.gateway.socket.InboundFrame;
import io.parley.kit.error.InvalidException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.util.Set;

/** {@code presence.set}: the user's status for session-service; ok once it is published. */
@Singleton
public class PresenceSetHandler implements FrameHandler {

    private static final Set<String> STATUSES = Set.of("online", "away", "dnd", "invisible");

    private final SessionEventPublisher sessionEvents;

    public PresenceSetHandler(SessionEventPublisher sessionEvents) {
        this.sessionEvents = sessionEvents;
    }

    @Override
    public String op() {
        return "presence.set";
    }

    @Override
    public Uni<Outcome> handle(ClientSocket socket, String frameId, InboundFrame frame) {
        FrameFields fields = FrameFields.of(frame);
        String status = fields.string("status", 1, 16);
        if (!STATUSES.contains(status)) {
            throw new InvalidException("status must be one of " + String.join(", ", STATUSES));
        }
        String text = fields.optionalString("text", 128);
        return sessionEvents.presence(socket, status, text).map(sent -> Outcome.empty());
    }
}
