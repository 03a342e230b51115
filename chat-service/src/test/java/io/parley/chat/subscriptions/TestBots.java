package io.parley.chat.subscriptions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.support.TestKafka;
import io.parley.chat.support.TestUsers;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Bots for tests: announced on the real {@code auth.users} as auth-service does, awaited in the projection. */
final class TestBots {

    private TestBots() {
    }

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
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.preparedQuery("SELECT 1 FROM users WHERE id = $1 AND bot "
                + "AND owner_id = $2").execute(Tuple.of(id, owner.id())).await().atMost(Duration.ofSeconds(5)).size() == 1);
        return new TestUser(id, username, TestUsers.token(id, username, false));
    }
}
