package io.parley.cli.view;

import io.parley.cli.model.Channel;
import io.parley.cli.model.ChatModel;
import io.parley.cli.model.InputLine;
import io.parley.cli.model.Member;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The model as exactly {@code height} lines of exactly {@code width} columns: a header, the channel list, the
 * conversation, the member list, the status line and the input line. Pure: the same model gives the same lines.
 */
public final class ScreenRenderer {
    /** Below this the channel list is left out; below MEMBERS_MIN_WIDTH the member list too. */
    static final int SIDEBAR_MIN_WIDTH = 40;
    static final int MEMBERS_MIN_WIDTH = 70;
    private static final String PROMPT = "> ";

    private final Palette palette;
    private final ConversationView conversationView;

    public ScreenRenderer(Palette palette, ZoneId zone) {
        this.palette = palette;
        this.conversationView = new ConversationView(palette, zone);
    }

    /** The lines, where the cursor goes, and whether the oldest loaded message is in view (time to load older). */
    public record Frame(List<AttributedString> lines, int cursorRow, int cursorColumn, boolean oldestInView) {
    }

    public Frame render(ChatModel model, InputLine input, int width, int height, Instant now) {
        width = Math.max(width, 20);
        height = Math.max(height, 6);
        List<AttributedString> lines = new ArrayList<>(height);
        if (model.fatal != null) {
            return fatal(model.fatal, width, height);
        }
        Channel channel = model.current();
        lines.add(header(model, channel, width));
        int bodyHeight = height - 3;
        int sideWidth = width >= SIDEBAR_MIN_WIDTH ? Math.max(12, Math.min(22, width / 5)) : 0;
        int memberWidth = width >= MEMBERS_MIN_WIDTH ? Math.max(10, Math.min(20, width / 6)) : 0;
        int mainWidth = width - sideWidth - memberWidth - (sideWidth > 0 ? 1 : 0) - (memberWidth > 0 ? 1 : 0);
        List<AttributedString> side = sideWidth > 0 ? sidebar(model, sideWidth, bodyHeight) : List.of();
        List<AttributedString> members = memberWidth > 0 ? members(model, channel, memberWidth, bodyHeight) : List.of();
        ConversationView.Lines conversation = model.panel != null
                ? conversationView.panel(model, mainWidth, bodyHeight)
                : conversationView.conversation(model, channel, mainWidth, bodyHeight);
        AttributedString separator = new AttributedString("┊", palette.dim());
        for (int row = 0; row < bodyHeight; row++) {
            AttributedStringBuilder b = new AttributedStringBuilder();
            if (sideWidth > 0) {
                b.append(side.get(row)).append(separator);
            }
            b.append(conversation.lines().get(row));
            if (memberWidth > 0) {
                b.append(separator).append(members.get(row));
            }
            lines.add(Columns.fit(b.toAttributedString(), width));
        }
        lines.add(status(model, channel, width, now));
        // the input scrolls sideways so the cursor stays visible
        int room = width - PROMPT.length() - 1;
        String before = input.beforeCursor();
        String shownBefore = before;
        while (Columns.width(shownBefore) > room) {
            shownBefore = shownBefore.substring(Character.charCount(shownBefore.codePointAt(0)));
        }
        String after = input.text().substring(before.length());
        lines.add(Columns.fit(new AttributedStringBuilder().append(PROMPT, palette.name())
                .append(Columns.clean(shownBefore + after)).toAttributedString(), width));
        return new Frame(lines, height - 1, PROMPT.length() + Columns.width(shownBefore), conversation.oldestInView());
    }

    private Frame fatal(String text, int width, int height) {
        List<AttributedString> lines = new ArrayList<>();
        List<String> wrapped = Columns.wrap(text + "\n\nPress q to quit.", width - 4);
        int top = Math.max(0, (height - wrapped.size()) / 2);
        for (int row = 0; row < height; row++) {
            int i = row - top;
            String line = i >= 0 && i < wrapped.size() ? "  " + wrapped.get(i) : "";
            lines.add(Columns.fit(line, i == 0 ? palette.error() : palette.plain(), width));
        }
        return new Frame(lines, height - 1, 0, false);
    }

    private AttributedString header(ChatModel model, Channel channel, int width) {
        String title = channel == null ? " Parley — no channel yet: /create NAME or /join NAME"
                : " " + model.displayName(channel) + (channel.topic == null || channel.topic.isBlank() ? ""
                : " — " + Columns.clean(channel.topic));
        return Columns.fit(title, palette.bar(), width);
    }

    private List<AttributedString> sidebar(ChatModel model, int width, int height) {
        List<AttributedString> lines = new ArrayList<>();
        Channel current = model.current();
        for (Channel c : model.channels()) {
            String count = c.unread > 0 ? (c.unread > 999 ? "999+" : String.valueOf(c.unread)) : "";
            String mark = c.mentioned ? "!" : "";
            String right = count + mark;
            String name = Columns.clean(model.displayName(c));
            // a column's margin on both sides: " #name    3! "
            String shown = Columns.cut(name, width - 2 - (right.isEmpty() ? 0 : right.length() + 1));
            int pad = width - 2 - Columns.width(shown) - right.length();
            AttributedStyle style = c == current ? palette.selected()
                    : c.unread > 0 ? palette.unread() : palette.plain();
            AttributedStringBuilder b = new AttributedStringBuilder();
            b.append(" " + shown + " ".repeat(Math.max(0, pad)), style);
            b.append(right, c.mentioned ? palette.mention() : style);
            lines.add(Columns.fit(b.toAttributedString(), width));
        }
        return Columns.window(lines, width, height);
    }

    private List<AttributedString> members(ChatModel model, Channel channel, int width, int height) {
        List<AttributedString> lines = new ArrayList<>();
        lines.add(Columns.fit(" members", palette.dim(), width));
        if (channel != null) {
            List<Member> sorted = new ArrayList<>(channel.members.values());
            sorted.sort((a, b) -> Integer.compare(rank(model.presence(a.userId())), rank(model.presence(b.userId())))
                    * 2 + Integer.signum(a.username().compareToIgnoreCase(b.username())));
            for (Member m : sorted) {
                String status = model.presence(m.userId());
                AttributedStringBuilder b = new AttributedStringBuilder().append(" ");
                switch (status) {
                    case "online" -> b.append("●", palette.online());
                    case "away" -> b.append("◐", palette.away());
                    case "dnd" -> b.append("⊘", palette.dnd());
                    default -> b.append("○", palette.dim());
                }
                b.append(" ").append(Columns.clean(m.username()),
                        "offline".equals(status) ? palette.dim() : palette.plain());
                lines.add(Columns.fit(b.toAttributedString(), width));
            }
        }
        return Columns.window(lines, width, height);
    }

    private static int rank(String status) {
        return switch (status) {
            case "online" -> 0;
            case "away" -> 1;
            case "dnd" -> 2;
            default -> 3;
        };
    }

    private AttributedString status(ChatModel model, Channel channel, int width, Instant now) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        boolean up = model.connection.startsWith("connected");
        b.append(" " + (up ? "●" : "○") + " " + model.connection + " ", up ? palette.bar() : palette.bar().bold());
        b.append("┊ " + Columns.clean(model.myName) + " ", palette.bar());
        if (channel != null) {
            List<String> typing = model.typingIn(channel.id, now);
            if (!typing.isEmpty()) {
                b.append("┊ " + String.join(", ", typing) + (typing.size() == 1 ? " is" : " are") + " typing… ",
                        palette.bar());
            }
        }
        if (!model.notice.isEmpty()) {
            b.append("┊ " + Columns.clean(model.notice).replace('\n', ' '), palette.bar());
        }
        if (model.scrollBack > 0) {
            b.append(" [scrolled back, PageDown]", palette.bar());
        }
        return Columns.fit(b.toAttributedString(), palette.bar(), width);
    }
}
