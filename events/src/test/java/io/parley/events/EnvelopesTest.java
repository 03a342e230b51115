package io.parley.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.data.ChatCommand;
import io.parley.events.data.FileUploaded;
import io.parley.events.data.InstanceHeartbeat;
import io.parley.events.data.MemberEvent;
import io.parley.events.data.SessionRevoke;
import io.parley.events.data.UserDisconnect;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopesTest {

    private static final UUID USER = UUID.fromString("11111111-1111-1111-1111-111111111111");

    private static Envelope withData(String type, String json) {
        return EnvelopeJson.read("{\"id\":\"1\",\"type\":\"" + type + "\",\"data\":" + json + "}");
    }

    @Test
    void createFillsIdTimeAndSourceAndWritesTheRecord() {
        Instant before = Instant.now();
        Envelope envelope = Envelopes.create(EventTypes.SessionCommands.USER_DISCONNECT, "session-service/h1",
                USER.toString(), new UserDisconnect(USER, 4003));
        assertNotNull(UUID.fromString(envelope.id()));
        assertEquals("user.disconnect", envelope.type());
        assertEquals("session-service/h1", envelope.source());
        assertEquals(USER.toString(), envelope.subject());
        assertTrue(!envelope.time().isBefore(before) && envelope.time().isBefore(before.plus(Duration.ofMinutes(1))));
        assertEquals("{\"userId\":\"11111111-1111-1111-1111-111111111111\",\"code\":4003}", envelope.data().toString());
        assertNotEquals(envelope.id(), Envelopes.create("t", "s", "k", null).id());

        Envelope read = EnvelopeJson.read(EnvelopeJson.write(envelope));
        assertEquals(envelope, read);
        assertEquals(new UserDisconnect(USER, 4003), read.dataAs(UserDisconnect.class));
        assertEquals(new UserDisconnect(USER, 4003), Envelopes.data(read, UserDisconnect.class));
    }

    @Test
    void createWithGivenIdAndTimeAndJsonDataAsIs() {
        JsonNode tree = EnvelopeJson.mapper().createObjectNode().put("instance", "gw-1");
        Instant at = Instant.parse("2026-11-25T12:00:00.123Z");
        Envelope envelope = Envelopes.create("id-1", "instance.heartbeat", "gateway/gw-1", at, "gw-1", tree);
        assertEquals(new Envelope("id-1", "instance.heartbeat", "gateway/gw-1", at, "gw-1", tree), envelope);
        assertSame(tree, envelope.data());
        assertEquals(new InstanceHeartbeat("gw-1", null), envelope.dataAs(InstanceHeartbeat.class));
    }

    @Test
    void envelopeOfStillWorks() {
        JsonNode tree = EnvelopeJson.mapper().createObjectNode().put("sessionId", USER.toString());
        Envelope envelope = Envelope.of("session.revoke", "s/1", USER.toString(), tree);
        assertSame(tree, envelope.data());
        assertNotNull(envelope.id());
        assertNotNull(envelope.time());
        assertEquals(new SessionRevoke(USER, null), envelope.dataAs(SessionRevoke.class));
    }

    @Test
    void malformedDataIsRefusedWithIllegalArgument() {
        // no data, data not an object
        assertThrows(IllegalArgumentException.class, () -> withData("t", "null").dataAs(SessionRevoke.class));
        assertThrows(IllegalArgumentException.class,
                () -> EnvelopeJson.read("{\"id\":\"1\",\"type\":\"t\"}").dataAs(SessionRevoke.class));
        assertThrows(IllegalArgumentException.class, () -> withData("t", "[1]").dataAs(SessionRevoke.class));
        assertThrows(IllegalArgumentException.class, () -> withData("t", "\"x\"").dataAs(SessionRevoke.class));
        // an id that is not a UUID
        IllegalArgumentException notUuid = assertThrows(IllegalArgumentException.class,
                () -> withData("session.revoke", "{\"sessionId\":\"nope\"}").dataAs(SessionRevoke.class));
        assertTrue(notUuid.getMessage().contains("session.revoke"), notUuid.getMessage());
        // a required field missing
        assertThrows(IllegalArgumentException.class,
                () -> withData("session.revoke", "{\"userId\":\"" + USER + "\"}").dataAs(SessionRevoke.class));
        assertThrows(IllegalArgumentException.class, () -> withData("member.left",
                "{\"channelId\":\"" + USER + "\",\"userId\":\"" + USER + "\"}").dataAs(MemberEvent.class));
        assertThrows(IllegalArgumentException.class,
                () -> withData("send", "{\"d\":{},\"reply\":{\"instance\":\"gw\"}}").dataAs(ChatCommand.class));
        // a number that is not one
        assertThrows(IllegalArgumentException.class, () -> withData("file.uploaded",
                "{\"id\":\"" + USER + "\",\"ownerId\":\"" + USER + "\",\"size\":\"big\"}").dataAs(FileUploaded.class));
        // the same through fromData
        assertThrows(IllegalArgumentException.class, () -> Envelopes.fromData(null, SessionRevoke.class));
    }

    @Test
    void unknownFieldsInDataAreIgnored() {
        assertEquals(new SessionRevoke(USER, null),
                withData("session.revoke", "{\"sessionId\":\"" + USER + "\",\"new\":1}").dataAs(SessionRevoke.class));
    }

    @Test
    void everyEventTypeNameIsUniqueAcrossTopics() throws IllegalAccessException {
        Set<String> seen = new HashSet<>();
        int count = 0;
        for (Class<?> topic : EventTypes.class.getDeclaredClasses()) {
            for (Field field : topic.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                    String type = (String) field.get(null);
                    assertTrue(seen.add(type), "duplicate type " + type);
                    count++;
                }
            }
        }
        assertEquals(11, EventTypes.class.getDeclaredClasses().length);
        assertEquals(44, count);
    }
}
