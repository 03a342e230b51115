package io.parley.chat.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.smallrye.jwt.build.Jwt;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Users for tests: announced on the real {@code auth.users} and projected by the service before use. */
public final class TestUsers {

    public static final String ISSUER = "https://chat.example/auth";

    private TestUsers() {
    }

    /** One test user and the access token to act as them. */
    public record TestUser(UUID id, String username, String token) {
    }

    public static TestUser create(Pool pool) {
        return create(pool, false);
    }

    public static TestUser create(Pool pool, boolean admin) {
        UUID id = UUID.randomUUID();
        String username = "u" + id.toString().replace("-", "").substring(0, 12);
        announce(id, username, admin, false);
        awaitProjected(pool, id, false);
        return new TestUser(id, username, token(id, username, admin));
    }

    /** A user auth-service has not announced yet: {@link #announce(TestUser)} registers them later. */
    public static TestUser unannounced() {
        UUID id = UUID.randomUUID();
        String username = "u" + id.toString().replace("-", "").substring(0, 12);
        return new TestUser(id, username, token(id, username, false));
    }

    /** Announces a user on auth.users without waiting for the projection (a user who has just registered). */
    public static void announce(TestUser user) {
        announce(user.id(), user.username(), false, false);
    }

    public static void ban(Pool pool, TestUser user) {
        announce(user.id(), user.username(), false, true);
        awaitProjected(pool, user.id(), true);
        // the database may show the ban first when another chat-service shares it (e.g. ./parley up next to the
        // tests): wait for this instance's own view too
        io.parley.kit.bans.BannedUsers banned = io.quarkus.arc.Arc.container()
                .instance(io.parley.kit.bans.BannedUsers.class).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> banned.isBanned(user.id()));
    }

    public static String token(UUID id, String username, boolean admin) {
        return Jwt.issuer(ISSUER).subject(id.toString()).upn(username)
                .groups(admin ? Set.of("user", "admin") : Set.of("user")).expiresIn(Duration.ofMinutes(15)).sign();
    }

    private static void announce(UUID id, String username, boolean admin, boolean banned) {
        ObjectNode data = EnvelopeJson.mapper().createObjectNode();
        ObjectNode user = data.putObject("user");
        user.put("id", id.toString());
        user.put("username", username);
        user.put("displayName", "Test " + username);
        user.putArray("roles").add("user");
        if (admin) {
            user.withArray("roles").add("admin");
        }
        user.put("createdAt", "2026-11-25T12:00:00.000Z");
        data.put("banned", banned);
        TestKafka.send("auth.users", Envelope.of(banned ? "user.banned" : "user.registered", "test", id.toString(), data));
    }

    private static void awaitProjected(Pool pool, UUID id, boolean banned) {
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.preparedQuery("SELECT banned FROM users WHERE id = $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(5))
                .stream().anyMatch(row -> row.getBoolean("banned") == banned));
    }
}
