package io.parley.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.parley.devstack.KafkaCredentials.AUTH;
import static io.parley.devstack.KafkaCredentials.CHAT;
import static io.parley.devstack.KafkaCredentials.GATEWAY;
import static io.parley.devstack.KafkaCredentials.MEDIA;
import static io.parley.devstack.KafkaCredentials.SESSION;

/**
 * The least-privilege ACL table of the five service principals (docs/security.md), derived from ARCHITECTURE's topic
 * table and from what each service's clients really do: its SmallRye channels, its hand-built clients, its consumer
 * groups, its transactional ids and the topics it creates at start ({@code parley.kafka.topics}). Everything is
 * ALLOW from any host; whatever the table does not grant is refused ({@code allow.everyone.if.no.acl.found=false}).
 * {@code deploy/kafka/acls.sh} and {@code deploy/k8s/examples/strimzi-kafkausers.yaml} grant the same (checked by
 * the deploy module's KafkaAclFilesTest).
 * <p>
 * Under a prefix ({@code PARLEY_KAFKA_PREFIX}, two releases on one cluster) every topic, group and transactional id
 * resource carries it, so one release's principals reach nothing of the other's: {@link #table(String)}.
 */
public final class KafkaAcls {

    /** One permission: {@code principal} may do {@code operation} on the resource. */
    public record Grant(String principal, ResourceType resourceType, PatternType patternType, String resource,
            AclOperation operation) {

        public AclBinding binding() {
            return new AclBinding(new ResourcePattern(resourceType, resource, patternType),
                    new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
        }
    }

    /** The table, principal by principal, without a prefix. */
    public static final List<Grant> TABLE = table("");

    private KafkaAcls() {
    }

    /** The table of a release whose names all start with {@code prefix} (its {@code PARLEY_KAFKA_PREFIX}). */
    public static List<Grant> table(String prefix) {
        List<Grant> grants = new ArrayList<>();
        Table t = new Table(prefix, grants);
        // gateway: routes client commands, typing and session events; fans out everything to its sockets in a
        // consumer group of each instance's own (gateway-<instance id>); follows auth.users without a group
        t.write(GATEWAY, "chat.commands", "chat.ephemeral", "session.events");
        t.read(GATEWAY, "chat.events", "user.events", "chat.ephemeral", "gateway.replies", "presence.events",
                "session.commands", "call.events", "auth.users");
        t.create(GATEWAY, "chat.commands", "chat.ephemeral", "session.events", "chat.events", "user.events",
                "gateway.replies", "presence.events", "session.commands", "call.events", "auth.users");
        t.group(GATEWAY, PatternType.PREFIXED, "gateway-");

        // auth-service: the users' state (auth.users) and back-channel logout (session.commands), which it also reads
        t.write(AUTH, "auth.users", "session.commands");
        t.read(AUTH, "session.commands");
        t.create(AUTH, "auth.users", "session.commands");
        t.group(AUTH, PatternType.LITERAL, "auth-service");

        // chat-service: the only writer of chat.events and user.events (the outbox relay, transactional), answers
        // on gateway.replies; reads commands, the users' state, files and its own events (event subscriptions)
        t.write(CHAT, "chat.events", "user.events", "gateway.replies");
        t.read(CHAT, "chat.commands", "auth.users", "media.events", "chat.events");
        t.create(CHAT, "chat.commands", "chat.events", "user.events", "gateway.replies", "auth.users",
                "media.events");
        t.group(CHAT, PatternType.LITERAL, "chat-service");
        t.group(CHAT, PatternType.LITERAL, "chat-service-subscriptions");
        t.group(CHAT, PatternType.PREFIXED, "chat-service-users-");
        t.group(CHAT, PatternType.PREFIXED, "chat-service-media-");
        for (AclOperation operation : List.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
            grants.add(new Grant(CHAT, ResourceType.TRANSACTIONAL_ID, PatternType.PREFIXED,
                    prefix + "parley-chat-relay-", operation));
        }

        // session-service: sessions, presence, calls and revocations; reads the gateways' session events, the
        // users' state and the channel and user events (who a call rings)
        t.write(SESSION, "session.commands", "presence.events", "call.events", "gateway.replies");
        t.read(SESSION, "session.events", "auth.users", "chat.events", "user.events");
        t.create(SESSION, "session.commands", "presence.events", "call.events", "gateway.replies",
                "session.events", "auth.users", "chat.events", "user.events");
        t.group(SESSION, PatternType.LITERAL, "session-service");
        t.group(SESSION, PatternType.LITERAL, "session-service-calls");
        t.group(SESSION, PatternType.PREFIXED, "session-service-bans-");

        // media-service: announces files; reads channel events (the attachment ACL) and the users' state
        t.write(MEDIA, "media.events");
        t.read(MEDIA, "chat.events", "auth.users");
        t.create(MEDIA, "media.events", "chat.events", "auth.users");
        t.group(MEDIA, PatternType.LITERAL, "media-service");
        t.group(MEDIA, PatternType.PREFIXED, "media-service-");
        return List.copyOf(grants);
    }

    /** Adds one principal's grants, every resource name under the prefix. */
    private record Table(String prefix, List<Grant> grants) {

        void write(String principal, String... topics) {
            topic(principal, AclOperation.WRITE, topics);
        }

        void read(String principal, String... topics) {
            topic(principal, AclOperation.READ, topics);
        }

        /** The topics a service creates at start when missing (its {@code parley.kafka.topics}). */
        void create(String principal, String... topics) {
            topic(principal, AclOperation.CREATE, topics);
        }

        void topic(String principal, AclOperation operation, String... topics) {
            for (String topic : topics) {
                grants.add(new Grant(principal, ResourceType.TOPIC, PatternType.LITERAL, prefix + topic, operation));
            }
        }

        void group(String principal, PatternType pattern, String group) {
            grants.add(new Grant(principal, ResourceType.GROUP, pattern, prefix + group, AclOperation.READ));
        }
    }

    /** Every binding of the table. */
    public static Set<AclBinding> bindings() {
        return bindings("");
    }

    /** Every binding of the table under a prefix. */
    public static Set<AclBinding> bindings(String prefix) {
        Set<AclBinding> bindings = new LinkedHashSet<>();
        table(prefix).forEach(grant -> bindings.add(grant.binding()));
        return bindings;
    }

    /** The prefix the devstack's services run under: the launcher's {@code PARLEY_KAFKA_PREFIX}, which they inherit. */
    static String prefixOfThisLaunch() {
        return System.getenv().getOrDefault("PARLEY_KAFKA_PREFIX", "");
    }

    /**
     * Makes the broker's ACLs exactly the table (under the prefix of this launch), as a super user's {@code admin}:
     * creates what is missing and deletes what the table no longer grants. Idempotent.
     */
    static void apply(Admin admin, Duration timeout) {
        try {
            Collection<AclBinding> existing = admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Set<AclBinding> wanted = bindings(prefixOfThisLaunch());
            List<AclBindingFilter> stale = existing.stream().filter(b -> !wanted.contains(b))
                    .map(AclBinding::toFilter).toList();
            if (!stale.isEmpty()) {
                admin.deleteAcls(stale).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            List<AclBinding> missing = wanted.stream().filter(b -> !existing.contains(b)).toList();
            if (!missing.isEmpty()) {
                admin.createAcls(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot set the Kafka ACLs of the secure devstack: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting the Kafka ACLs", e);
        }
    }
}
