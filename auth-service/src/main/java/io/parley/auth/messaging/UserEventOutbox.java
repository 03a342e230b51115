package io.parley.auth.messaging;

import io.parley.auth.domain.User;
import io.parley.auth.domain.UserView;
import io.parley.auth.repository.UserOutboxRepository;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.Envelopes;
import io.parley.events.EventTypes;
import io.parley.events.data.AuthUser;
import io.parley.events.data.UserProfile;
import io.parley.kit.instance.InstanceIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes auth.users records into the outbox inside the caller's transaction, so a user change and its record commit
 * together. Each record carries the whole user state, ban flag, bot and owner, and the bound before which the user's
 * access tokens are refused included (docs/internal-contract.md, docs/bots.md).
 */
@ApplicationScoped
public class UserEventOutbox {

    private final UserOutboxRepository repository;
    private final String source;

    public UserEventOutbox(UserOutboxRepository repository, InstanceIdentity instance) {
        this.repository = repository;
        this.source = instance.source();
    }

    /** @param type one of {@link EventTypes.AuthUsers} */
    public Uni<Void> append(SqlClient client, String type, User user) {
        Envelope envelope = Envelopes.create(type, source, user.id().toString(),
                new AuthUser(profile(user), user.banned(),
                        user.tokensNotBefore() == null ? null : UserView.format(user.tokensNotBefore())));
        return repository.append(client, user.id(), type, EnvelopeJson.write(envelope));
    }

    /** The same fields, in the same form, as the REST answers' {@link UserView}. */
    private static UserProfile profile(User user) {
        return new UserProfile(user.id(), user.username(), user.displayName(), user.roles(),
                UserView.format(user.createdAt()), user.bot(), user.ownerId());
    }
}
