package io.parley.media.messaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.events.EnvelopeJson;
import io.parley.events.Envelopes;
import io.parley.events.EventTypes.ChatEvents;
import io.parley.events.data.Attachment;
import io.parley.events.data.ChatMessage;
import io.parley.events.data.MessageEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The cheap read that lets the listener pass over a message without files before building it. */
class FilesPeekTest {

    private static final UUID CHANNEL = UUID.randomUUID();
    private static final UUID USER = UUID.randomUUID();

    private static String created(List<Attachment> attachments, String text, Map<String, List<UUID>> reactions) {
        ChatMessage message = new ChatMessage(UUID.randomUUID(), CHANNEL, 4, USER, text, "2026-12-07T06:00:00.000Z",
                null, false, null, attachments, reactions, "c-1");
        return EnvelopeJson.write(Envelopes.create(ChatEvents.MESSAGE_CREATED, "test", CHANNEL.toString(),
                new MessageEvent(CHANNEL, 4, message)));
    }

    @Test
    void aMessageWithFilesIsReadInFull() {
        String json = created(List.of(new Attachment(UUID.randomUUID(), "cat.png", 12, "image/png")), "hi", Map.of());
        assertTrue(ChatEventsListener.mayCarryFiles(json), json);
    }

    @Test
    void aMessageWithoutFilesIsPassedOverWhateverItsTextSays() {
        assertFalse(ChatEventsListener.mayCarryFiles(created(List.of(), "hi", Map.of())));
        assertFalse(ChatEventsListener.mayCarryFiles(created(null, "hi", Map.of())));
        // the word as text, even quoted as JSON, is a string value and not a field
        String text = "{\"attachments\":[{\"id\":\"" + UUID.randomUUID() + "\"}]}";
        String json = created(List.of(), text, Map.of());
        assertFalse(ChatEventsListener.mayCarryFiles(json), json);
    }

    @Test
    void anythingDoubtfulIsLeftToTheFullRead() {
        // another field of that name with something in it: a needless full read, never a missed file
        assertTrue(ChatEventsListener.mayCarryFiles(created(List.of(), "hi", Map.of("attachments", List.of(USER)))));
        assertTrue(ChatEventsListener.mayCarryFiles("{\"data\":{\"message\":{\"attachments\":{\"id\":1}}}}"));
        assertTrue(ChatEventsListener.mayCarryFiles("{\"data\":{\"message\":{\"attachments\":\"x\"}}}"));
        assertTrue(ChatEventsListener.mayCarryFiles("{\"type\":\"message.created\",\"data\":{"));
        assertTrue(ChatEventsListener.mayCarryFiles("not json"));
    }
}
