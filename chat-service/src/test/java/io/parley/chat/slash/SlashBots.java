package io.parley.chat.slash;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.support.TestKafka;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.smallrye.jwt.build.Jwt;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import static io.parley.chat.support.TestUsers.ISSUER;
import static org.awaitility.Awaitility.await;

/** Bot accounts for tests: announced on the real {@code auth.users} as auth-service does, with a bot's token. */
final class SlashBots {

    private SlashBots() {
    }

    /** A bot owned by {@code owner}, projected by the service before use; its token's groups are user and bot. */
    static TestUser create(Pool pool, TestUser owner) {
        UUID id = UUID.randomUUID();
        String username = "bot" + id.toString().replace("-", "").substring(0, 12);
        ObjectNode data = EnvelopeJson.mapper().createObjectNode();
        ObjectNode user = data.putObject("user");
        user.put("id", id.toString());
        user.put("username", username);
        user.put("displayName", "Bot " + username);
        user.putArray("roles").add("user").add("bot");
        user.put("createdAt", "2026-12-05T12:00:00.000Z");
        user.put("bot", true);
        user.put("ownerId", owner.id().toString());
        data.put("banned", false);
        TestKafka.send("auth.users", Envelope.of("user.registered", "test", id.toString(), data));
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.preparedQuery("SELECT 1 FROM users WHERE id = $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(5)).size() == 1);
        String token = Jwt.issuer(ISSUER).subject(id.toString()).upn(username).groups(Set.of("user", "bot"))
                .expiresIn(Duration.ofMinutes(15)).sign();
        return new TestUser(id, username, token);
    }
}
