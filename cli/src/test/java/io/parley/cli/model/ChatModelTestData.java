package io.parley.cli.model;

import com.fasterxml.jackson.databind.JsonNode;

/** Frames and list entries for the tests of the model and the renderer. */
public final class ChatModelTestData {
    public static final String ME = ChatModelTest.ME;
    public static final String BOB = ChatModelTest.BOB;

    private ChatModelTestData() {
    }

    public static JsonNode json(String text) {
        return ChatModelTest.json(text);
    }

    public static JsonNode listEntry(String id, String name, long lastSeq, long readSeq, int unread) {
        return ChatModelTest.listEntry(id, name, lastSeq, readSeq, unread);
    }

    public static JsonNode created(String channel, long seq, String sender, String text) {
        return ChatModelTest.created(channel, seq, sender, text);
    }
}
