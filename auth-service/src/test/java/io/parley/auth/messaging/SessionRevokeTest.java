package io.parley.auth.messaging;

import com.nimbusds.jwt.SignedJWT;
import io.parley.auth.AuthApi;
import io.parley.devstack.DevstackResource;
import io.parley.events.EnvelopeJson;
import io.parley.events.Envelopes;
import io.parley.events.EventTypes;
import io.parley.events.data.SessionRevoke;
import io.parley.events.data.UserDisconnect;
import io.parley.kit.kafka.KafkaClients;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** session.revoke on session.commands revokes the session's refresh-token family, and only the owner's. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class SessionRevokeTest {

    @Inject
    KafkaClients kafkaClients;

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void openProducer() {
        producer = new KafkaProducer<>(kafkaClients.properties(Map.of()), new StringSerializer(),
                new StringSerializer());
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @Test
    void accessTokensCarryTheirFamilyAsSidAndRefreshKeepsIt() throws Exception {
        AuthApi.Session session = AuthApi.session(AuthApi.registeredName(AuthApi.uniqueName("sid")));
        UUID family = sid(session.accessToken());
        assertNotNull(family);
        String refreshed = AuthApi.refresh(session.refreshToken()).statusCode(200).extract().path("accessToken");
        assertEquals(family, sid(refreshed));
        AuthApi.Session other = AuthApi.session(AuthApi.registeredName(AuthApi.uniqueName("sid")));
        assertNotEquals(family, sid(other.accessToken()));
    }

    @Test
    void revokeEndsThatFamilyOnlyAndIsIdempotent() throws Exception {
        String name = AuthApi.registeredName(AuthApi.uniqueName("revoke"));
        AuthApi.Session phone = AuthApi.session(name);
        AuthApi.Session laptop = AuthApi.session(name);
        // a rotated family: the revoke reaches the newest token too
        String phoneNext = AuthApi.refresh(phone.refreshToken()).statusCode(200).extract().path("refreshToken");
        UUID user = UUID.fromString(phone.userId());

        revoke(user, sid(phone.accessToken()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> AuthApi.refresh(phoneNext).extract().statusCode() == 401);
        AuthApi.refresh(phoneNext).statusCode(401);
        AuthApi.refresh(laptop.refreshToken()).statusCode(200);

        // redelivery changes nothing and does not stop the channel: a later revoke still works
        revoke(user, sid(phone.accessToken()));
        AuthApi.Session tablet = AuthApi.session(name);
        revoke(user, sid(tablet.accessToken()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> AuthApi.refresh(tablet.refreshToken()).extract().statusCode() == 401);
    }

    @Test
    void aRevokeNamingAnotherUsersFamilyChangesNothing() throws Exception {
        AuthApi.Session victim = AuthApi.session(AuthApi.registeredName(AuthApi.uniqueName("victim")));
        AuthApi.Session other = AuthApi.session(AuthApi.registeredName(AuthApi.uniqueName("other")));
        UUID otherUser = UUID.fromString(other.userId());

        // same key, so one partition: once the second record took effect, the first was handled before it
        revoke(otherUser, sid(victim.accessToken()));
        send(otherUser, EventTypes.SessionCommands.USER_DISCONNECT, new UserDisconnect(otherUser, 4009));
        send(otherUser, "something.else", new UserDisconnect(otherUser, 4009));
        revoke(otherUser, sid(other.accessToken()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> AuthApi.refresh(other.refreshToken()).extract().statusCode() == 401);

        AuthApi.refresh(victim.refreshToken()).statusCode(200);
    }

    private void revoke(UUID userId, UUID familyId) throws Exception {
        send(userId, EventTypes.SessionCommands.SESSION_REVOKE, new SessionRevoke(UUID.randomUUID(), userId, familyId));
    }

    private void send(UUID key, String type, Object data) throws Exception {
        producer.send(new ProducerRecord<>("session.commands", key.toString(),
                EnvelopeJson.write(Envelopes.create(type, "test/1", key.toString(), data)))).get();
    }

    private static UUID sid(String accessToken) throws ParseException {
        String sid = SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("sid");
        return sid == null ? null : UUID.fromString(sid);
    }
}
