package io.parley.auth.messaging;

import io.parley.events.EnvelopeJson;
import io.parley.events.Envelopes;
import io.parley.events.EventTypes;
import io.parley.events.data.UserDisconnect;
import io.parley.kit.instance.InstanceIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.util.UUID;

/**
 * Tells every gateway to close a user's sockets (session.commands' user.disconnect, the record session-service
 * sends for a revoked session): used when the user's OpenID Connect provider ends their session (back-channel
 * logout). The Uni completes when the broker acknowledged.
 */
@ApplicationScoped
public class SessionCommandPublisher {

    /** Close code of a revoked session (PROTOCOL §3). */
    public static final int REVOKED = 4009;

    private final MutinyEmitter<Record<String, String>> commands;
    private final String source;

    public SessionCommandPublisher(@Channel("session-commands") MutinyEmitter<Record<String, String>> commands,
            InstanceIdentity instance) {
        this.commands = commands;
        this.source = instance.source();
    }

    public Uni<Void> disconnectRevoked(UUID userId) {
        return commands.send(Record.of(userId.toString(), EnvelopeJson.write(Envelopes.create(
                EventTypes.SessionCommands.USER_DISCONNECT, source, userId.toString(),
                new UserDisconnect(userId, REVOKED)))));
    }
}
