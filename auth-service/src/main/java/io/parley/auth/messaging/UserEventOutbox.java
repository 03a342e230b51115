package io.parley.auth.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.auth.domain.User;
import io.parley.auth.repository.UserOutboxRepository;
import io.parley.auth.domain.UserView;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes auth.users records into the outbox inside the caller's transaction, so a user change and its record commit
 * together. Each record carries the whole user state, ban flag included (docs/internal-contract.md).
 */
@ApplicationScoped
public class UserEventOutbox {

    public static final String REGISTERED = "user.registered";
    public static final String UPDATED = "user.updated";
    public static final String BANNED = "user.banned";
    public static final String UNBANNED = "user.unbanned";

    private final UserOutboxRepository repository;
    private final String source;

    public UserEventOutbox(UserOutboxRepository repository) {
        this.repository = repository;
        this.source = "auth-service/" + hostName();
    }

    public Uni<Void> append(SqlClient client, String type, User user) {
        ObjectNode data = EnvelopeJson.mapper().createObjectNode();
        data.set("user", EnvelopeJson.mapper().valueToTree(UserView.of(user)));
        data.put("banned", user.banned());
        Envelope envelope = Envelope.of(type, source, user.id().toString(), data);
        return repository.append(client, user.id(), type, EnvelopeJson.write(envelope));
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }
}
