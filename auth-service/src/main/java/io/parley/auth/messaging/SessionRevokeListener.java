package io.parley.auth.messaging;

import io.parley.auth.service.AuthMetrics;
import io.parley.auth.service.LoginService;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.EventTypes;
import io.parley.events.data.SessionRevoke;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Reads session.commands (its own consumer group) for {@code session.revoke}: when session-service revokes a session
 * whose refresh-token family it knows, that family is revoked here, so the client cannot refresh its way back in.
 * Other command types (user.disconnect, which this service itself sends) are none of its business.
 */
@ApplicationScoped
public class SessionRevokeListener {

    private static final Logger LOG = Logger.getLogger(SessionRevokeListener.class);

    private final LoginService logins;
    private final AuthMetrics metrics;

    public SessionRevokeListener(LoginService logins, AuthMetrics metrics) {
        this.logins = logins;
        this.metrics = metrics;
    }

    @Incoming("session-revokes")
    public Uni<Void> onCommand(String value) {
        if (value == null) {
            return Uni.createFrom().voidItem();
        }
        SessionRevoke revoke;
        try {
            Envelope envelope = EnvelopeJson.read(value);
            if (!EventTypes.SessionCommands.SESSION_REVOKE.equals(envelope.type())) {
                return Uni.createFrom().voidItem();
            }
            revoke = envelope.dataAs(SessionRevoke.class);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping a malformed record on session.commands: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (revoke.familyId() == null || revoke.userId() == null) {
            return Uni.createFrom().voidItem(); // a session opened before families were recorded: nothing to revoke
        }
        // retried inside the handler while the database is away: a nack would stop the channel (LIBRARIES.md)
        return Uni.createFrom().deferred(() -> logins.revokeSession(revoke.familyId(), revoke.userId()))
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5)).atMost(30)
                .invoke(count -> metrics.sessionRevoke(count > 0 ? "revoked" : "none"))
                .onFailure().invoke(e -> LOG.errorf("gave up revoking token family %s of user %s: %s",
                        revoke.familyId(), revoke.userId(), e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
