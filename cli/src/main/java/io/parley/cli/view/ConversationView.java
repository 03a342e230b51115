package io.parley.cli.view;

import io.parley.cli.model.Channel;
import io.parley.cli.model.ChatModel;
import io.parley.cli.model.Message;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The middle column: the open conversation scrolled to the model's position, or a panel (help, search, sessions). */
final class ConversationView {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private final Palette palette;
    private final ZoneId zone;

    ConversationView(Palette palette, ZoneId zone) {
        this.palette = palette;
        this.zone = zone;
    }

    /** Exactly {@code height} lines, and whether the oldest loaded line is among them. */
    record Lines(List<AttributedString> lines, boolean oldestInView) {
    }

    Lines panel(ChatModel model, int width, int height) {
        List<AttributedString> all = new ArrayList<>();
        all.add(Columns.fit(" " + model.panelTitle + " (Esc closes)", palette.name(), width));
        for (String line : model.panel) {
            for (String part : Columns.wrap(line, width - 1)) {
                all.add(Columns.fit(" " + part, palette.plain(), width));
            }
        }
        return new Lines(Columns.window(all, width, height), false);
    }

    Lines conversation(ChatModel model, Channel channel, int width, int height) {
        List<AttributedString> all = new ArrayList<>();
        if (channel != null) {
            if (!channel.historyLoaded) {
                all.add(Columns.fit(" loading…", palette.dim(), width));
            } else {
                String top = channel.hasOlder ? " ╌╌ PageUp loads older messages ╌╌"
                        : " ╌╌ the start of " + Columns.clean(model.displayName(channel)) + " ╌╌";
                all.add(Columns.fit(top, palette.dim(), width));
            }
            boolean gapShown = false;
            for (Message m : channel.messages.values()) {
                if (channel.hasGap() && !gapShown && m.seq > channel.gapFrom) {
                    all.add(gapLine(channel, width));
                    gapShown = true;
                }
                message(model, m, width, all);
            }
            if (channel.hasGap() && !gapShown) {
                all.add(gapLine(channel, width));
            }
        }
        int scroll = Math.max(0, Math.min(model.scrollBack, Math.max(0, all.size() - height)));
        model.scrollBack = scroll;
        int end = all.size() - scroll;
        int start = Math.max(0, end - height);
        List<AttributedString> visible = new ArrayList<>(all.subList(start, end));
        while (visible.size() < height) {
            visible.add(0, Columns.fit("", palette.plain(), width));
        }
        return new Lines(visible, start == 0);
    }

    private AttributedString gapLine(Channel channel, int width) {
        return Columns.fit(" ╌╌ missed messages (" + (channel.gapTo - channel.gapFrom)
                        + " events): /fill loads them ╌╌",
                palette.mention(), width);
    }

    private void message(ChatModel model, Message m, int width, List<AttributedString> out) {
        String time = clock(m.createdAt);
        String name = Columns.clean(model.username(m.senderId));
        AttributedStyle nameStyle = m.senderId.equals(model.myId) ? palette.ownName() : palette.name();
        if (m.replyTo != null) {
            Message original = model.current() == null ? null : model.current().byId(m.replyTo);
            String quoted = original == null ? "an earlier message"
                    : model.username(original.senderId) + ": " + (original.deleted ? "(deleted)" : original.text);
            out.add(Columns.fit(new AttributedString(" ↳ " + Columns.cut(Columns.clean(quoted).replace('\n', ' '),
                    Math.max(0, width - 4)), palette.dim()), width));
        }
        String text;
        String lead;
        if (m.deleted) {
            lead = time + " " + name + " ";
            text = "(message deleted)";
        } else if (m.text.startsWith("/me ")) {
            lead = time + " * " + name + " ";
            text = m.text.substring(4);
        } else {
            lead = time + " " + name + ": ";
            text = m.text;
        }
        if (m.edited && !m.deleted) {
            text = text + " (edited)";
        }
        boolean mentionsMe = !m.senderId.equals(model.myId)
                && m.text.toLowerCase().contains("@" + model.myName.toLowerCase());
        AttributedStyle textStyle = m.deleted ? palette.dim() : mentionsMe ? palette.mention() : palette.plain();
        int leadWidth = Columns.width(lead);
        String leadName = lead.substring(time.length() + 1);
        if (leadWidth <= width / 2) {
            // the text beside the name, continuation lines under the text
            List<String> parts = Columns.wrap(text, Math.max(1, width - 1 - leadWidth));
            for (int i = 0; i < parts.size(); i++) {
                AttributedStringBuilder b = new AttributedStringBuilder().append(" ");
                if (i == 0) {
                    b.append(time + " ", palette.dim()).append(leadName, nameStyle);
                } else {
                    b.append(" ".repeat(leadWidth));
                }
                out.add(Columns.fit(b.append(parts.get(i), textStyle).toAttributedString(), width));
            }
        } else {
            // a narrow column: the name on a line of its own, the text indented under it
            out.add(Columns.fit(new AttributedStringBuilder().append(" ").append(time + " ", palette.dim())
                    .append(leadName, nameStyle).toAttributedString(), width));
            for (String part : Columns.wrap(text, Math.max(1, width - 3))) {
                out.add(Columns.fit(new AttributedStringBuilder().append("   ").append(part, textStyle)
                        .toAttributedString(), width));
            }
        }
        for (Message.Attachment a : m.attachments) {
            out.add(Columns.fit(new AttributedString("   [file] " + Columns.clean(a.name()) + " (" + size(a.size())
                    + ") " + a.id().substring(0, Math.min(8, a.id().length())), palette.dim()), width));
        }
        if (!m.reactions.isEmpty()) {
            StringBuilder r = new StringBuilder("  ");
            m.reactions.forEach((emoji, users) -> r.append(' ').append(Columns.clean(emoji)).append(' ')
                    .append(users.size()).append(users.contains(model.myId) ? "*" : ""));
            out.add(Columns.fit(new AttributedString(r.toString(), palette.dim()), width));
        }
    }

    private String clock(String iso) {
        try {
            return CLOCK.format(Instant.parse(iso).atZone(zone));
        } catch (RuntimeException e) {
            return "--:--";
        }
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return (bytes + 512) / 1024 + " KB";
        }
        return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
