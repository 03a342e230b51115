package io.parley.chat.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.smallrye.jwt.build.Jwt;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Bots for tests (webhooks, subscriptions, slash commands): announced on the real {@code auth.users} as auth-service
 * does (bot, ownerId) and awaited in the users projection.
 */
public final class TestBots {

    private TestBots() {
    }

    /** A bot owned by {@code owner}, with an access token as the bot-token exchange gives (groups user, bot). */
    public static TestUser create(Pool pool, TestUser owner) {
        UUID id = UUID.randomUUID();
        String username = "b" + id.toString().replace("-", "").substring(0, 12);
        announce(id, username, owner.id(), false);
        awaitProjected(pool, id, false);
        String token = Jwt.issuer(TestUsers.ISSUER).subject(id.toString()).upn(username).groups(Set.of("user", "bot"))
                .expiresIn(Duration.ofMinutes(15)).sign();
        return new TestUser(id, username, token);
    }

    /** Disables the bot: auth-service publishes it banned. */
    public static void disable(Pool pool, TestUser bot, TestUser owner) {
        announce(bot.id(), bot.username(), owner.id(), true);
        awaitProjected(pool, bot.id(), true);
        io.parley.kit.bans.BannedUsers banned = io.quarkus.arc.Arc.container()
                .instance(io.parley.kit.bans.BannedUsers.class).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> banned.isBanned(bot.id()));
    }

    private static void announce(UUID id, String username, UUID ownerId, boolean banned) {
        ObjectNode data = EnvelopeJson.mapper().createObjectNode();
        ObjectNode user = data.putObject("user");
        user.put("id", id.toString());
        user.put("username", username);
        user.put("displayName", "Bot " + username);
        user.putArray("roles").add("user").add("bot");
        user.put("createdAt", "2026-12-05T12:00:00.000Z");
        user.put("bot", true);
        user.put("ownerId", ownerId.toString());
        data.put("banned", banned);
        TestKafka.send("auth.users", Envelope.of(banned ? "user.banned" : "user.registered", "test", id.toString(), data));
    }

    private static void awaitProjected(Pool pool, UUID id, boolean banned) {
        await().atMost(Duration.ofSeconds(30)).until(() -> pool
                .preparedQuery("SELECT banned, bot, owner_id FROM users WHERE id = $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(5))
                .stream().anyMatch(row -> row.getBoolean("banned") == banned && row.getBoolean("bot")
                        && row.getUUID("owner_id") != null));
    }
}
