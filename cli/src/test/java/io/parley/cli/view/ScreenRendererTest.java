package io.parley.cli.view;

import io.parley.cli.model.ChatModel;
import io.parley.cli.model.InputLine;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.parley.cli.model.ChatModelTestData.BOB;
import static io.parley.cli.model.ChatModelTestData.ME;
import static io.parley.cli.model.ChatModelTestData.created;
import static io.parley.cli.model.ChatModelTestData.json;
import static io.parley.cli.model.ChatModelTestData.listEntry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScreenRendererTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private final ScreenRenderer renderer = new ScreenRenderer(Palette.colour(), ZoneOffset.UTC);

    private ChatModel model() {
        ChatModel model = new ChatModel(ME, "me");
        model.putChannel(listEntry("c1", "general", 1, 1, 0));
        model.putChannel(listEntry("c2", "random", 4, 1, 3));
        model.putMembers("c1", json("[{'userId':'" + ME + "','username':'me'},{'userId':'" + BOB
                + "','username':'bob'}]"));
        model.putHistory("c1", json("[]"), false, true);
        model.connection = "connected";
        return model;
    }

    private static String text(List<AttributedString> lines) {
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l.toString()).append('\n'));
        return b.toString();
    }

    private static void assertExactSize(ScreenRenderer.Frame frame, int width, int height) {
        assertEquals(height, frame.lines().size());
        for (AttributedString line : frame.lines()) {
            assertEquals(width, line.columnLength(), "every line fills the width exactly: [" + line + "]");
        }
    }

    @Test
    void an80By24ScreenHasEveryPart() {
        ChatModel model = model();
        model.apply(created("c1", 2, BOB, "hello from bob"), NOW);
        model.apply(json("{'op':'event','t':'typing','d':{'channelId':'c1','userId':'" + BOB + "'}}"), NOW);
        model.apply(json("{'op':'event','t':'presence.updated','d':{'userId':'" + BOB + "','status':'away'}}"), NOW);
        InputLine input = new InputLine();
        input.insert("draft");
        ScreenRenderer.Frame frame = renderer.render(model, input, 80, 24, NOW);
        assertExactSize(frame, 80, 24);
        String screen = text(frame.lines());
        assertTrue(frame.lines().get(0).toString().contains("#general"), screen);
        assertTrue(screen.contains("#random") && screen.contains(" 3"), "unread count beside the channel:\n" + screen);
        assertTrue(screen.contains("12:00 bob: hello from bob"), screen);
        assertTrue(screen.contains("◐ bob"), "bob is away in the member list:\n" + screen);
        assertTrue(frame.lines().get(22).toString().contains("connected"), screen);
        assertTrue(frame.lines().get(22).toString().contains("bob is typing"), screen);
        assertEquals("> draft", frame.lines().get(23).toString().trim());
        assertEquals(23, frame.cursorRow());
        assertEquals(7, frame.cursorColumn());
    }

    @Test
    void wideCharactersAreMeasuredInColumnsAndWrapWithoutBreakingTheLayout() {
        ChatModel model = model();
        model.apply(created("c1", 2, BOB, "日本語のテキストと絵文字😀が混ざった長いメッセージは列の幅で折り返されるべきです🎉🎉🎉"), NOW);
        InputLine input = new InputLine();
        input.insert("漢字😀");
        ScreenRenderer.Frame frame = renderer.render(model, input, 80, 24, NOW);
        assertExactSize(frame, 80, 24);
        assertEquals(2 + 3 * 2, frame.cursorColumn(), "the prompt, then two columns per wide character");
        String screen = text(frame.lines());
        assertTrue(screen.contains("日本語"), screen);
        assertTrue(screen.contains("🎉"), "the end of the wrapped message is shown:\n" + screen);
    }

    @Test
    void everySizeDownToTinyKeepsExactLines() {
        ChatModel model = model();
        for (int i = 2; i < 60; i++) {
            model.apply(created("c1", i, i % 2 == 0 ? BOB : ME, "message number " + i + " 😀 with some words"),
                    NOW);
        }
        for (int[] size : new int[][]{{80, 24}, {120, 40}, {60, 20}, {30, 10}, {20, 6}}) {
            assertExactSize(renderer.render(model, new InputLine(), size[0], size[1], NOW), size[0], size[1]);
        }
        String narrow = text(renderer.render(model, new InputLine(), 60, 20, NOW).lines());
        assertFalse(narrow.contains("members"), "no member list under 70 columns:\n" + narrow);
    }

    @Test
    void scrollingBackShowsOlderLinesAndSaysWhenTheOldestIsInView() {
        ChatModel model = model();
        for (int i = 2; i < 40; i++) {
            model.apply(created("c1", i, BOB, "line " + i), NOW);
        }
        ScreenRenderer.Frame bottom = renderer.render(model, new InputLine(), 80, 24, NOW);
        assertTrue(text(bottom.lines()).contains("line 39"));
        assertFalse(bottom.oldestInView());
        model.scrollBack = 1000;
        ScreenRenderer.Frame top = renderer.render(model, new InputLine(), 80, 24, NOW);
        assertTrue(top.oldestInView());
        assertTrue(text(top.lines()).contains("line 2 "), text(top.lines()));
        assertFalse(text(top.lines()).contains("line 39"));
    }

    @Test
    void controlCharactersInMessagesCannotMoveTheCursor() {
        ChatModel model = model();
        model.apply(created("c1", 2, BOB, "evil\\u001b[2Jtext\\ttab"), NOW);
        String screen = text(renderer.render(model, new InputLine(), 80, 24, NOW).lines());
        assertFalse(screen.contains("\u001b"), screen);
        assertTrue(screen.contains("evil [2Jtext tab"), screen);
    }

    @Test
    void withoutColourOnlyBoldAndInverseAreUsed() {
        ChatModel model = model();
        model.apply(created("c1", 2, BOB, "hi @me"), NOW);
        ScreenRenderer mono = new ScreenRenderer(Palette.monochrome(), ZoneOffset.UTC);
        for (AttributedString line : mono.render(model, new InputLine(), 80, 24, NOW).lines()) {
            String ansi = line.toAnsi(256, org.jline.utils.AttributedCharSequence.ForceMode.None);
            assertFalse(ansi.matches("(?s).*\u001b\\[[0-9;]*3[0-7]m.*"), "no foreground colour: " + ansi);
        }
    }

    @Test
    void aTruncatedResubscribeShowsWhereMessagesAreMissing() {
        ChatModel model = model();
        model.subscribed("c1", 1, json("{'channelId':'c1','lastSeq':1200,'truncated':true}"));
        model.apply(created("c1", 1201, BOB, "after the gap"), NOW);
        String screen = text(renderer.render(model, new InputLine(), 80, 24, NOW).lines());
        assertTrue(screen.indexOf("/fill") < screen.indexOf("after the gap"), screen);
    }

    @Test
    void aFatalCloseFillsTheScreen() {
        ChatModel model = model();
        model.fatal = "Your account is banned from this server.";
        String screen = text(renderer.render(model, new InputLine(), 80, 24, NOW).lines());
        assertTrue(screen.contains("banned") && screen.contains("Press q to quit"), screen);
    }
}
