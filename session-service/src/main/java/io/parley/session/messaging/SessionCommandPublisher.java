package io.parley.session.messaging;

import io.parley.events.EventTypes;
import io.parley.events.data.SessionRevoke;
import io.parley.events.data.UserDisconnect;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.util.UUID;

/** Tells every gateway to close sockets on session.commands; each Uni completes when the broker acknowledged. */
@ApplicationScoped
public class SessionCommandPublisher {

    /** Close code for a revoked session (PROTOCOL §3). */
    public static final int REVOKED = 4009;
    /** Close code for a banned user (PROTOCOL §3). */
    public static final int BANNED = 4003;

    private final MutinyEmitter<Record<String, String>> commands;
    private final OutgoingRecords records;

    public SessionCommandPublisher(@Channel("session-commands") MutinyEmitter<Record<String, String>> commands,
            OutgoingRecords records) {
        this.commands = commands;
        this.records = records;
    }

    /** @param familyId the session's refresh-token family, for auth-service to revoke; null when unknown */
    public Uni<Void> revoke(UUID sessionId, UUID userId, UUID familyId) {
        return commands.send(records.of(EventTypes.SessionCommands.SESSION_REVOKE, userId.toString(),
                new SessionRevoke(sessionId, userId, familyId)));
    }

    public Uni<Void> disconnect(UUID userId, int code) {
        return commands.send(records.of(EventTypes.SessionCommands.USER_DISCONNECT, userId.toString(),
                new UserDisconnect(userId, code)));
    }
}
