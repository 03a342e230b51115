package io.parley.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatModelTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ME = "00000000-0000-0000-0000-00000000000a";
    static final String BOB = "00000000-0000-0000-0000-00000000000b";
    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JsonNode listEntry(String id, String name, long lastSeq, long readSeq, int unread) {
        return json("{'id':'" + id + "','type':'channel','name':'" + name + "','visibility':'public','lastSeq':"
                + lastSeq + ",'readSeq':" + readSeq + ",'unread':" + unread + "}");
    }

    static JsonNode created(String channel, long seq, String sender, String text) {
        return json("{'op':'event','t':'message.created','d':{'channelId':'" + channel + "','seq':" + seq
                + ",'message':{'id':'m" + seq + "','channelId':'" + channel + "','seq':" + seq + ",'senderId':'"
                + sender + "','text':'" + text + "','createdAt':'2026-12-05T12:00:00.000Z','editedAt':null,"
                + "'deleted':false,'replyTo':null,'attachments':[],'reactions':{}}}}");
    }

    private ChatModel modelWith(String... channels) {
        ChatModel model = new ChatModel(ME, "me");
        for (String c : channels) {
            model.putChannel(listEntry(c, "name-" + c, 5, 5, 0));
        }
        return model;
    }

    @Test
    void eventsAtOrBelowTheCursorAreIgnoredSoAReplayNeverDoubles() {
        ChatModel model = modelWith("c1");
        assertFalse(model.apply(created("c1", 5, BOB, "old"), NOW), "seq 5 was in the list's lastSeq");
        assertTrue(model.apply(created("c1", 6, BOB, "new"), NOW));
        assertFalse(model.apply(created("c1", 6, BOB, "new"), NOW), "a replayed duplicate");
        Channel c1 = model.channel("c1");
        assertEquals(List.of(6L), List.copyOf(c1.messages.keySet()));
        assertEquals(6, c1.cursor);
    }

    @Test
    void othersMessagesCountAsUnreadOwnDoNot() {
        ChatModel model = modelWith("c1", "c2");
        model.open("c1");
        model.apply(created("c2", 6, BOB, "hi"), NOW);
        model.apply(created("c2", 7, ME, "mine"), NOW);
        assertEquals(1, model.channel("c2").unread);
        model.open("c2");
        assertEquals(7, model.markCurrentRead());
        assertEquals(0, model.channel("c2").unread);
        assertEquals(-1, model.markCurrentRead(), "nothing new since");
    }

    @Test
    void nothingIsMarkedReadWhileScrolledBackOrAPanelCoversTheConversation() {
        ChatModel model = modelWith("c1");
        model.apply(created("c1", 6, BOB, "hi"), NOW);
        model.scrollBack = 10;
        assertEquals(-1, model.markCurrentRead());
        model.scrollBack = 0;
        model.showPanel("help", List.of("x"));
        assertEquals(-1, model.markCurrentRead());
        model.panel = null;
        assertEquals(6, model.markCurrentRead());
    }

    @Test
    void editsDeletionsAndReactionsChangeTheShownMessage() {
        ChatModel model = modelWith("c1");
        model.apply(created("c1", 6, BOB, "hello"), NOW);
        model.apply(json("{'op':'event','t':'message.updated','d':{'channelId':'c1','seq':7,'message':{'id':'m6',"
                + "'seq':6,'senderId':'" + BOB + "','text':'hello there','editedAt':'2026-12-05T12:00:01.000Z'}}}"),
                NOW);
        model.apply(json("{'op':'event','t':'reaction.added','d':{'channelId':'c1','seq':8,'messageId':'m6',"
                + "'emoji':'👍','userId':'" + ME + "'}}"), NOW);
        Message m = model.channel("c1").messages.get(6L);
        assertEquals("hello there", m.text);
        assertTrue(m.edited);
        assertEquals(1, m.reactions.get("👍").size());
        model.apply(json("{'op':'event','t':'reaction.removed','d':{'channelId':'c1','seq':9,'messageId':'m6',"
                + "'emoji':'👍','userId':'" + ME + "'}}"), NOW);
        assertTrue(m.reactions.isEmpty());
        model.apply(json("{'op':'event','t':'message.deleted','d':{'channelId':'c1','seq':10,'messageId':'m6',"
                + "'deletedBy':'" + BOB + "'}}"), NOW);
        assertTrue(m.deleted);
        assertEquals("", m.text);
    }

    @Test
    void aTruncatedSubscribeLeavesAGapThatFillingCloses() {
        ChatModel model = modelWith("c1");
        model.subscribed("c1", 5, json("{'channelId':'c1','lastSeq':1500,'truncated':true}"));
        Channel c1 = model.channel("c1");
        assertTrue(c1.hasGap());
        assertEquals(1500, c1.cursor, "live events continue after lastSeq");
        assertFalse(model.apply(created("c1", 1500, BOB, "x"), NOW));
        assertTrue(model.apply(created("c1", 1501, BOB, "live"), NOW));
        model.gapFilled("c1", 900);
        assertTrue(c1.hasGap());
        assertEquals(900, c1.gapFrom);
        model.gapFilled("c1", 1500);
        assertFalse(c1.hasGap());
    }

    @Test
    void aSubscribeThatIsNotTruncatedLeavesNoGap() {
        ChatModel model = modelWith("c1");
        model.subscribed("c1", 5, json("{'channelId':'c1','lastSeq':9}"));
        assertFalse(model.channel("c1").hasGap());
        assertEquals(5, model.channel("c1").cursor, "the replay brings 6..9");
    }

    @Test
    void historyPagesMergeWithEventsWithoutDuplicates() {
        ChatModel model = modelWith("c1");
        model.apply(created("c1", 6, BOB, "live"), NOW);
        JsonNode page = json("{'messages':[{'id':'m4','seq':4,'senderId':'" + BOB + "','text':'older'},"
                + "{'id':'m6','seq':6,'senderId':'" + BOB + "','text':'live'}],'hasMore':false}");
        model.putHistory("c1", page.path("messages"), false, true);
        Channel c1 = model.channel("c1");
        assertEquals(List.of(4L, 6L), List.copyOf(c1.messages.keySet()));
        assertFalse(c1.hasOlder);
    }

    @Test
    void typingShowsForAWhileAndEndsWithTheMessage() {
        ChatModel model = modelWith("c1");
        model.putMembers("c1", json("[{'userId':'" + BOB + "','username':'bob','role':'member'}]"));
        model.apply(json("{'op':'event','t':'typing','d':{'channelId':'c1','userId':'" + BOB + "'}}"), NOW);
        assertEquals(List.of("bob"), model.typingIn("c1", NOW.plusSeconds(1)));
        assertEquals(List.of(), model.typingIn("c1", NOW.plusMillis(ChatModel.TYPING_SHOWN_MS + 1)));
        model.apply(created("c1", 6, BOB, "done"), NOW);
        assertEquals(List.of(), model.typingIn("c1", NOW.plusSeconds(1)));
    }

    @Test
    void userEventsAddAndRemoveChannelsAndMarkMentions() {
        ChatModel model = modelWith("c1");
        model.apply(json("{'op':'event','t':'channel.joined','d':{'channelId':'c2','channel':{'id':'c2',"
                + "'type':'channel','name':'second','lastSeq':3}}}"), NOW);
        Channel c2 = model.channel("c2");
        assertEquals(3, c2.cursor);
        assertEquals(0, c2.unread);
        model.apply(json("{'op':'event','t':'mention','d':{'channelId':'c2','seq':4,'messageId':'m4','by':'"
                + BOB + "'}}"), NOW);
        assertTrue(c2.mentioned);
        assertEquals(3, c2.cursor, "a mention is a user event: it does not move the channel's cursor");
        model.apply(json("{'op':'event','t':'read.updated','d':{'channelId':'c2','readSeq':4,'unread':0}}"), NOW);
        assertFalse(c2.mentioned);
        model.apply(json("{'op':'event','t':'channel.left','d':{'channelId':'c2'}}"), NOW);
        assertNull(model.channel("c2"));
    }

    @Test
    void aDmIsNamedAfterThePeer() {
        ChatModel model = new ChatModel(ME, "me");
        model.putChannel(json("{'id':'d1','type':'dm','name':'','lastSeq':2,'readSeq':2,'unread':0}"));
        model.putMembers("d1", json("[{'userId':'" + ME + "','username':'me'},{'userId':'" + BOB
                + "','username':'bob'}]"));
        assertEquals("@bob", model.displayName(model.channel("d1")));
        assertEquals("d1", model.byName("@bob").id);
    }

    @Test
    void aKnownChannelKeepsItsCursorWhenTheListIsReadAgain() {
        ChatModel model = modelWith("c1");
        model.putChannel(listEntry("c1", "renamed", 40, 40, 0));
        assertEquals(5, model.channel("c1").cursor, "events 6..40 still come by the subscription");
        assertEquals("renamed", model.channel("c1").name);
    }

    @Test
    void theFirstReasonToEndStands() {
        ChatModel model = new ChatModel(ME, "me");
        assertNull(model.fatal);

        model.end("Your account is banned from this server.");
        model.end("You were signed out: the session expired or was ended elsewhere.");

        assertEquals("Your account is banned from this server.", model.fatal);
    }
}
