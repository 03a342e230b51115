package io.parley.cli.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.cli.model.Channel;
import io.parley.cli.model.ChatModel;
import io.parley.cli.model.Message;
import io.parley.cli.net.ApiException;
import io.parley.cli.net.GatewayApi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import static io.parley.cli.net.GatewayApi.encode;

/**
 * The slash commands: each one a REST call or a socket request, its answer shown on the screen (the channel ones in
 * {@link ChannelCommands}).
 */
final class Commands {
    static final List<String> NAMES = List.of("/away", "/back", "/create", "/delete", "/dm", "/dnd", "/download",
            "/edit", "/fill", "/help", "/invite", "/join", "/leave", "/logout", "/me", "/quit", "/react", "/reply",
            "/revoke", "/search", "/sessions", "/upload");
    static final List<String> HELP = List.of(
            "/join NAME              join a public channel (or open one you are in)",
            "/leave [NAME]           leave the open channel or NAME",
            "/create NAME [private]  create a channel (public unless 'private')",
            "/invite USER            add USER to the open channel",
            "/dm USER                open a direct conversation",
            "/me ACTION              send an action (* you ACTION)",
            "/reply TEXT             reply to the newest message",
            "/edit TEXT              replace the text of your last message",
            "/delete                 delete your last message",
            "/react EMOJI            react to the newest message (again: take it back)",
            "/search WORDS           search the messages you can read",
            "/upload PATH [TEXT]     send a file; /download ID PATH saves an attachment (ID as shown)",
            "/away [TEXT], /dnd [TEXT], /back   set your presence",
            "/sessions, /revoke ID   list your sessions, end one",
            "/fill                   load messages missed while the connection was lost",
            "/logout, /quit          sign out (forgets the saved sign-in), leave",
            "Keys: PageUp/PageDown scroll (older history loads at the top), Ctrl-N/Ctrl-P next/previous channel,",
            "  Up/Down input history, Tab completes commands, #channels and @users, Esc closes this panel,",
            "  Ctrl-W/Ctrl-U delete a word/the line, Ctrl-L redraws, Ctrl-C quits. //text sends a line starting '/'.",
            "Other /commands go to the channel's bots (slash commands); the server answers an unknown one.");

    private final ChatApp app;
    private final ChatModel model;
    private final GatewayApi api;
    private final ChannelCommands channels;

    Commands(ChatApp app) {
        this.app = app;
        this.model = app.model;
        this.api = app.api;
        this.channels = new ChannelCommands(app, this);
    }

    void run(String line) {
        String[] parts = line.trim().split("\\s+", 2);
        String name = parts[0].toLowerCase();
        String arg = parts.length > 1 ? parts[1].trim() : "";
        switch (name) {
            case "/help" -> model.showPanel("Commands", HELP);
            case "/quit", "/exit" -> app.quit();
            case "/logout" -> app.tokens.logout().whenComplete((v, e) -> app.ui.execute(app::quit));
            case "/join" -> channels.join(required(arg, "/join NAME"));
            case "/leave" -> channels.leave(arg);
            case "/create" -> channels.create(arg);
            case "/invite" -> channels.invite(required(arg, "/invite USER"));
            case "/dm" -> channels.dm(required(arg, "/dm USER"));
            case "/me" -> app.send("/me " + required(arg, "/me ACTION"), null, null);
            case "/reply" -> reply(required(arg, "/reply TEXT"));
            case "/edit" -> edit(required(arg, "/edit TEXT"));
            case "/delete" -> delete();
            case "/react" -> react(required(arg, "/react EMOJI"));
            case "/search" -> search(required(arg, "/search WORDS"));
            case "/upload" -> upload(required(arg, "/upload PATH [TEXT]"));
            case "/download" -> download(required(arg, "/download ID PATH"));
            case "/away", "/dnd" -> presence(name.substring(1), arg);
            case "/back" -> presence("online", "");
            case "/sessions" -> sessions();
            case "/revoke" -> revoke(required(arg, "/revoke ID"));
            case "/fill" -> fill();
            // not one of ours: a bot's slash command of this channel, or the server answers "unknown command"
            default -> app.send(line.trim(), null, null);
        }
    }

    /** The argument, or null after telling the user the command's form. */
    private String required(String arg, String usage) {
        if (arg.isEmpty()) {
            model.notice = "usage: " + usage;
            return null;
        }
        return arg;
    }

    Channel channelOrNotice() {
        Channel channel = model.current();
        if (channel == null) {
            model.notice = "no channel open";
        }
        return channel;
    }

    <T> void call(CompletableFuture<T> call, Consumer<T> ok) {
        app.onUi(call, ok, (ApiException failure) -> model.notice = failure.code() + ": " + failure.describe());
    }

    // ---- messages -----------------------------------------------------------------------------------------------

    private void reply(String text) {
        Message target = model.lastMessage();
        if (text == null) {
            return;
        }
        if (target == null) {
            model.notice = "nothing to reply to";
            return;
        }
        app.send(text, target.id, null);
    }

    private void edit(String text) {
        Message mine = model.lastOwnMessage();
        Channel channel = channelOrNotice();
        if (text == null || channel == null) {
            return;
        }
        if (mine == null) {
            model.notice = "no message of yours here to edit";
            return;
        }
        call(app.socket.request("edit", Map.of("channelId", channel.id, "messageId", mine.id, "text", text)),
                ok -> { });
    }

    private void delete() {
        Message mine = model.lastOwnMessage();
        Channel channel = channelOrNotice();
        if (channel == null) {
            return;
        }
        if (mine == null) {
            model.notice = "no message of yours here to delete";
            return;
        }
        call(app.socket.request("delete", Map.of("channelId", channel.id, "messageId", mine.id)), ok -> { });
    }

    private void react(String emoji) {
        Message target = model.lastMessage();
        Channel channel = channelOrNotice();
        if (emoji == null || channel == null) {
            return;
        }
        if (target == null) {
            model.notice = "nothing to react to";
            return;
        }
        boolean mine = target.reactions.getOrDefault(emoji, Set.of()).contains(model.myId);
        call(app.socket.request("react", Map.of("channelId", channel.id, "messageId", target.id, "emoji", emoji,
                "add", !mine)), ok -> { });
    }

    private void search(String words) {
        if (words == null) {
            return;
        }
        call(api.get("/api/search?q=" + encode(words) + "&limit=30"), answer -> {
            List<String> lines = new ArrayList<>();
            for (JsonNode m : answer.path("messages")) {
                Channel c = model.channel(m.path("channelId").asText());
                lines.add((c == null ? "?" : model.displayName(c)) + "  " + model.username(m.path("senderId").asText())
                        + ": " + m.path("text").asText());
            }
            if (lines.isEmpty()) {
                lines.add("no message matches");
            }
            model.showPanel("Search: " + words, lines);
        });
    }

    private void upload(String arg) {
        if (arg == null || channelOrNotice() == null) {
            return;
        }
        String[] parts = arg.split("\\s+", 2);
        Path file = Path.of(expand(parts[0]));
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            model.notice = "no readable file at " + file;
            return;
        }
        String text = parts.length > 1 ? parts[1] : "";
        model.notice = "uploading " + file.getFileName() + " …";
        call(api.upload(file), media -> {
            model.notice = "uploaded " + media.path("name").asText();
            app.send(text, null, List.of(media.path("id").asText()));
        });
    }

    private void download(String arg) {
        if (arg == null) {
            return;
        }
        String[] parts = arg.split("\\s+", 2);
        if (parts.length < 2) {
            model.notice = "usage: /download ID PATH";
            return;
        }
        Message.Attachment attachment = findAttachment(parts[0]);
        if (attachment == null) {
            model.notice = "no attachment " + parts[0] + " in this conversation";
            return;
        }
        Path target = Path.of(expand(parts[1]));
        if (Files.isDirectory(target)) {
            target = target.resolve(Path.of(attachment.name()).getFileName().toString());
        }
        Path saved = target;
        call(api.download(attachment.id(), target), bytes -> model.notice = "saved " + bytes + " bytes to " + saved);
    }

    private Message.Attachment findAttachment(String prefix) {
        Channel channel = model.current();
        if (channel == null) {
            return null;
        }
        for (Message m : channel.messages.descendingMap().values()) {
            for (Message.Attachment a : m.attachments) {
                if (a.id().startsWith(prefix)) {
                    return a;
                }
            }
        }
        return null;
    }

    private static String expand(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    // ---- presence, sessions, gaps -------------------------------------------------------------------------------

    private void presence(String status, String text) {
        Map<String, Object> d = new HashMap<>();
        d.put("status", status);
        if (!text.isEmpty()) {
            d.put("text", text);
        }
        call(app.socket.request("presence.set", d), ok -> {
            model.notice = "you are " + status + (text.isEmpty() ? "" : ": " + text);
            model.setPresence(model.myId, status);
        });
    }

    private void sessions() {
        call(api.get("/api/sessions"), answer -> {
            List<String> lines = new ArrayList<>();
            for (JsonNode s : answer.path("sessions")) {
                String id = s.path("id").asText();
                lines.add(id.substring(0, Math.min(8, id.length())) + (id.equals(app.sessionId) ? " (this one)" : "")
                        + "  since " + s.path("connectedAt").asText() + "  " + s.path("userAgent").asText(""));
            }
            lines.add("/revoke ID ends one (its socket closes).");
            model.showPanel("Your sessions", lines);
        });
    }

    private void revoke(String prefix) {
        if (prefix == null) {
            return;
        }
        call(api.get("/api/sessions"), answer -> {
            for (JsonNode s : answer.path("sessions")) {
                String id = s.path("id").asText();
                if (id.startsWith(prefix)) {
                    call(api.delete("/api/sessions/" + encode(id)), v -> model.notice = "revoked session " + prefix);
                    return;
                }
            }
            model.notice = "no session " + prefix;
        });
    }

    /** Pages the missed range of a truncated resubscribe in over REST, oldest first. */
    private void fill() {
        Channel channel = channelOrNotice();
        if (channel == null) {
            return;
        }
        if (!channel.hasGap()) {
            model.notice = "nothing missing here";
            return;
        }
        String id = channel.id;
        long after = channel.gapFrom;
        call(api.get("/api/channels/" + id + "/messages?after=" + after + "&limit=100"), page -> {
            long newest = after;
            for (JsonNode m : page.path("messages")) {
                newest = Math.max(newest, m.path("seq").asLong());
            }
            model.putHistory(id, page.path("messages"), false, false);
            boolean more = page.path("hasMore").asBoolean() && newest < channel.gapTo;
            model.gapFilled(id, more ? newest : channel.gapTo);
            if (more) {
                fill();
            } else {
                model.notice = "missed messages loaded";
            }
        });
    }
}
