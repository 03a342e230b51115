package io.parley.cli.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.cli.model.Channel;
import io.parley.cli.model.ChatModel;
import io.parley.cli.net.ApiException;
import io.parley.cli.net.GatewayApi;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.parley.cli.net.GatewayApi.encode;

/** /join, /leave, /create, /invite, /dm: membership over REST, the channel then subscribed and opened. */
final class ChannelCommands {
    private final ChatApp app;
    private final Commands commands;
    private final ChatModel model;
    private final GatewayApi api;

    ChannelCommands(ChatApp app, Commands commands) {
        this.app = app;
        this.commands = commands;
        this.model = app.model;
        this.api = app.api;
    }

    void join(String arg) {
        if (arg == null) {
            return;
        }
        String name = arg.startsWith("#") ? arg.substring(1) : arg;
        Channel known = model.byName(name);
        if (known != null) {
            open(known);
            return;
        }
        commands.call(api.get("/api/channels/public?q=" + encode(name) + "&limit=50"), answer -> {
            for (JsonNode c : answer.path("channels")) {
                if (c.path("name").asText().equalsIgnoreCase(name)) {
                    String id = c.path("id").asText();
                    commands.call(api.post("/api/channels/" + id + "/join", null)
                            .thenCompose(v -> api.get("/api/channels/" + id)), this::adopt);
                    return;
                }
            }
            model.notice = "no public channel called " + name + " (/create " + name + " makes one)";
        });
    }

    /** A channel the user is now in: known, subscribed and open. */
    private void adopt(JsonNode channel) {
        Channel c = model.putChannel(channel);
        app.socket.subscribe(c.id);
        open(c);
    }

    private void open(Channel channel) {
        model.open(channel.id);
        app.opened();
    }

    void leave(String arg) {
        Channel channel = arg.isEmpty() ? commands.channelOrNotice() : model.byName(arg);
        if (channel == null) {
            model.notice = arg.isEmpty() ? model.notice : "you are not in " + arg;
            return;
        }
        commands.call(api.post("/api/channels/" + channel.id + "/leave", null), v -> {
            model.left(channel.id);
            app.socket.unsubscribe(channel.id);
            app.opened();
            model.notice = "left " + model.displayName(channel);
        });
    }

    void create(String arg) {
        String[] words = arg.split("\\s+");
        if (arg.isEmpty() || words.length > 2 || words.length == 2 && !words[1].equalsIgnoreCase("private")) {
            model.notice = "usage: /create NAME [private]";
            return;
        }
        String name = words[0].startsWith("#") ? words[0].substring(1) : words[0];
        Map<String, Object> body = Map.of("name", name, "visibility", words.length == 2 ? "private" : "public");
        commands.call(api.post("/api/channels", body), this::adopt);
    }

    void invite(String arg) {
        Channel channel = arg == null ? null : commands.channelOrNotice();
        if (channel == null) {
            return;
        }
        commands.call(userId(arg).thenCompose(id -> api.post("/api/channels/" + channel.id + "/members",
                        Map.of("userId", id))),
                v -> {
                    model.notice = "invited " + arg + " to " + model.displayName(channel);
                    app.loadMembers(channel.id);
                });
    }

    void dm(String arg) {
        if (arg == null) {
            return;
        }
        commands.call(userId(arg).thenCompose(id -> api.post("/api/dms", Map.of("userId", id))), channel -> {
            adopt(channel);
            app.loadMembers(channel.path("id").asText());
        });
    }

    /** A username's id: known from a member list, or looked up in the directory (exact name only). */
    private CompletableFuture<String> userId(String username) {
        String bare = username.startsWith("@") ? username.substring(1) : username;
        String known = model.userIdOf(bare);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return api.get("/api/auth/users?q=" + encode(bare) + "&limit=20").thenApply(answer -> {
            for (JsonNode u : answer.path("users")) {
                if (u.path("username").asText().equalsIgnoreCase(bare)) {
                    app.ui.execute(() -> model.rememberUser(u.path("id").asText(), u.path("username").asText()));
                    return u.path("id").asText();
                }
            }
            throw new ApiException(404, "NOT_FOUND", "no user called " + bare);
        });
    }
}
