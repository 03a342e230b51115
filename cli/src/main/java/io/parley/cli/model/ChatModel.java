package io.parley.cli.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client's whole state and the reducer that applies server frames and REST answers to it. No I/O and no threads:
 * the UI thread is its only caller, so it is tested with plain frames.
 */
public final class ChatModel {
    /** How long a typing notice stays on the status line (the server repeats it at most every 3 s). */
    static final long TYPING_SHOWN_MS = 6_000;

    public final String myId;
    public final String myName;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, String> usernames = new HashMap<>();
    private final Map<String, String> presence = new HashMap<>();
    /** channelId -> (userId -> until when the typing notice shows). */
    private final Map<String, Map<String, Instant>> typing = new HashMap<>();
    private String current;
    /** Conversation lines scrolled back from the bottom (0 = following the newest). */
    public int scrollBack;
    /** The connection as the status line shows it: connecting, connected, reconnecting in 2 s, ... */
    public String connection = "connecting";
    /** A one-line notice (a command's result or error) shown above the input until the next one. */
    public String notice = "";
    /** Lines shown in place of the conversation (help, search hits, sessions) until Esc; null when none. */
    public List<String> panel;
    public String panelTitle;
    /** A terminal condition (banned, revoked, signed out): the whole screen says it and only quitting is left. */
    public String fatal;

    /**
     * Ends the session with this reason, unless one was given already: the first reason stands. A ban closes the
     * socket 4003 and refuses the refresh token at once, so a renewal due at that moment fails 401 just after the
     * close; its "signed out" must not replace "banned" (TerminalClientTest saw it in CI).
     */
    public void end(String reason) {
        if (fatal == null) {
            fatal = reason;
        }
    }

    public ChatModel(String myId, String myName) {
        this.myId = myId;
        this.myName = myName;
        usernames.put(myId, myName);
    }

    // ---- channels -----------------------------------------------------------------------------------------------

    /** Adds or refreshes a channel from a {@code GET /api/channels} entry or a {@code channel.joined} event. */
    public Channel putChannel(JsonNode c) {
        String id = c.path("id").asText();
        Channel channel = channels.get(id);
        if (channel == null) {
            channel = new Channel(id, c.path("type").asText("channel"), c.path("name").asText(""));
            channels.put(id, channel);
            // the server's counters as of now: history up to lastSeq comes over REST, later events over the
            // subscription. A channel already known keeps its own cursor: moving it would skip unapplied events.
            channel.cursor = c.path("lastSeq").asLong(0);
            channel.readSeq = c.path("readSeq").asLong(channel.cursor);
            channel.unread = c.path("unread").asInt(0);
        }
        channel.name = c.path("name").asText(channel.name);
        channel.topic = Message.textOrNull(c.path("topic"));
        channel.visibility = c.path("visibility").asText(channel.visibility);
        if (current == null) {
            current = id;
        }
        return channel;
    }

    public Channel channel(String id) {
        return channels.get(id);
    }

    /** Channels first, then DMs, each by name. */
    public List<Channel> channels() {
        List<Channel> list = new ArrayList<>(channels.values());
        list.sort(Comparator.comparing((Channel c) -> c.isDm()).thenComparing(c -> displayName(c).toLowerCase()));
        return list;
    }

    public Channel current() {
        return current == null ? null : channels.get(current);
    }

    /** Switches the conversation; the channel's unread and mention mark clear once it is read (see markRead). */
    public void open(String channelId) {
        if (channels.containsKey(channelId)) {
            current = channelId;
            scrollBack = 0;
            panel = null;
        }
    }

    /** Moves to the next (+1) or previous (-1) channel in the list's order. */
    public void cycle(int direction) {
        List<Channel> list = channels();
        if (list.isEmpty()) {
            return;
        }
        int at = Math.max(0, list.indexOf(current()));
        open(list.get(Math.floorMod(at + direction, list.size())).id);
    }

    public String displayName(Channel channel) {
        if (channel.isDm()) {
            return "@" + (channel.peerId == null ? "dm" : username(channel.peerId));
        }
        return "#" + channel.name;
    }

    /** The channel (not DM) called {@code name}, with or without its '#'. */
    public Channel byName(String name) {
        String bare = name.startsWith("#") ? name.substring(1) : name;
        for (Channel c : channels.values()) {
            if (!c.isDm() ? c.name.equalsIgnoreCase(bare)
                    : name.startsWith("@") && c.peerId != null
                    && username(c.peerId).equalsIgnoreCase(bare.substring(1))) {
                return c;
            }
        }
        return null;
    }

    // ---- users and presence -------------------------------------------------------------------------------------

    public void rememberUser(String userId, String username) {
        if (userId != null && username != null && !username.isEmpty()) {
            usernames.put(userId, username);
        }
    }

    public String username(String userId) {
        String name = usernames.get(userId);
        return name != null ? name : userId == null ? "?" : userId.substring(0, Math.min(8, userId.length()));
    }

    public String userIdOf(String username) {
        String bare = username.startsWith("@") ? username.substring(1) : username;
        return usernames.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(bare))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    public Set<String> knownUsernames() {
        return new LinkedHashSet<>(usernames.values());
    }

    public String presence(String userId) {
        return presence.getOrDefault(userId, "offline");
    }

    public void putPresence(JsonNode p) {
        setPresence(p.path("userId").asText(), p.path("status").asText("offline"));
    }

    public void setPresence(String userId, String status) {
        presence.put(userId, status);
    }

    /** The user is no longer in the channel; the next one in the list opens if it was the open one. */
    public void left(String channelId) {
        channels.remove(channelId);
        typing.remove(channelId);
        if (channelId.equals(current)) {
            current = channels.isEmpty() ? null : channels().get(0).id;
            scrollBack = 0;
        }
    }

    /** The members of a channel from {@code GET .../members}; a DM learns its peer from them. */
    public void putMembers(String channelId, JsonNode members) {
        Channel channel = channels.get(channelId);
        if (channel == null) {
            return;
        }
        channel.members.clear();
        for (JsonNode m : members) {
            Member member = new Member(m.path("userId").asText(), m.path("username").asText(),
                    m.path("displayName").asText(""), m.path("role").asText("member"));
            channel.members.put(member.userId(), member);
            rememberUser(member.userId(), member.username());
            if (channel.isDm() && !member.userId().equals(myId)) {
                channel.peerId = member.userId();
            }
        }
        channel.membersLoaded = true;
    }

    /** Who is typing in the channel right now (never the user themself). */
    public List<String> typingIn(String channelId, Instant now) {
        Map<String, Instant> users = typing.getOrDefault(channelId, Map.of());
        List<String> names = new ArrayList<>();
        users.forEach((userId, until) -> {
            if (until.isAfter(now)) {
                names.add(username(userId));
            }
        });
        return names;
    }

    // ---- history ------------------------------------------------------------------------------------------------

    /**
     * A page of {@code GET .../messages}. {@code older}: it was asked with {@code before=} (or is the first page), so
     * {@code hasMore} says whether still older messages exist. A message already shown is replaced by the page's
     * state only if the page is not behind it (events applied after the page was read win).
     */
    public void putHistory(String channelId, JsonNode messages, boolean hasMore, boolean older) {
        Channel channel = channels.get(channelId);
        if (channel == null) {
            return;
        }
        for (JsonNode m : messages) {
            Message message = Message.from(m);
            channel.messages.putIfAbsent(message.seq, message);
        }
        if (older) {
            channel.hasOlder = hasMore;
        }
        channel.historyLoaded = true;
    }

    /** After /fill paged the missing history in: the gap is closed up to {@code upTo}. */
    public void gapFilled(String channelId, long upTo) {
        Channel channel = channels.get(channelId);
        if (channel != null) {
            channel.gapFrom = Math.min(Math.max(channel.gapFrom, upTo), channel.gapTo);
            if (!channel.hasGap()) {
                channel.gapFrom = channel.gapTo = 0;
            }
        }
    }

    // ---- subscriptions ------------------------------------------------------------------------------------------

    /**
     * The {@code ok} of a subscribe sent with {@code sinceSeq}. Truncated: no replay comes and live events continue
     * after {@code lastSeq}, so the missed range becomes a gap the view shows.
     */
    public void subscribed(String channelId, long sinceSeq, JsonNode ok) {
        Channel channel = channels.get(channelId);
        if (channel == null) {
            return;
        }
        long lastSeq = ok.path("lastSeq").asLong();
        if (ok.path("truncated").asBoolean(false) && lastSeq > sinceSeq) {
            channel.gapFrom = channel.hasGap() ? Math.min(channel.gapFrom, sinceSeq) : sinceSeq;
            channel.gapTo = lastSeq;
            channel.cursor = Math.max(channel.cursor, lastSeq);
        }
    }

    // ---- the reducer --------------------------------------------------------------------------------------------

    /** Applies one {@code event} frame. Returns true when the screen may have changed. */
    public boolean apply(JsonNode frame, Instant now) {
        String type = frame.path("t").asText();
        JsonNode d = frame.path("d");
        switch (type) {
            case "typing" -> {
                if (!myId.equals(d.path("userId").asText())) {
                    typing.computeIfAbsent(d.path("channelId").asText(), k -> new HashMap<>())
                            .put(d.path("userId").asText(), now.plusMillis(TYPING_SHOWN_MS));
                }
                return true;
            }
            case "presence.updated" -> {
                putPresence(d);
                return true;
            }
            case "channel.joined" -> {
                putChannel(d.path("channel"));
                return true;
            }
            case "channel.left" -> {
                left(d.path("channelId").asText());
                return true;
            }
            case "mention" -> {
                Channel channel = channels.get(d.path("channelId").asText());
                if (channel != null && !channel.id.equals(current)) {
                    channel.mentioned = true;
                }
                return true;
            }
            case "read.updated" -> {
                Channel channel = channels.get(d.path("channelId").asText());
                if (channel != null && d.path("readSeq").asLong() >= channel.readSeq) {
                    channel.readSeq = d.path("readSeq").asLong();
                    channel.unread = d.path("unread").asInt();
                    if (channel.unread == 0) {
                        channel.mentioned = false;
                    }
                }
                return true;
            }
            default -> {
                return ChannelEvents.apply(this, channels.get(d.path("channelId").asText()), type, d);
            }
        }
    }

    /** A channel event ends the sender's typing notice (their message is there). */
    void typingEnded(String channelId, String userId) {
        Map<String, Instant> users = typing.get(channelId);
        if (users != null) {
            users.remove(userId);
        }
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    /**
     * The seq to send in a {@code read} for the open channel, or -1 when nothing is unread. Clears the local
     * counters at once; the server's {@code read.updated} confirms them.
     */
    public long markCurrentRead() {
        Channel channel = current();
        if (channel == null || panel != null || scrollBack > 0 || channel.cursor <= channel.readSeq
                && channel.unread == 0) {
            return -1;
        }
        channel.readSeq = channel.cursor;
        channel.unread = 0;
        channel.mentioned = false;
        return channel.cursor;
    }

    /** The newest message the user wrote in the open channel (for /edit and /delete), or null. */
    public Message lastOwnMessage() {
        Channel channel = current();
        if (channel == null) {
            return null;
        }
        return channel.messages.descendingMap().values().stream()
                .filter(m -> m.senderId.equals(myId) && !m.deleted).findFirst().orElse(null);
    }

    /** The newest message in the open channel that is not deleted (for /react and /reply), or null. */
    public Message lastMessage() {
        Channel channel = current();
        if (channel == null) {
            return null;
        }
        return channel.messages.descendingMap().values().stream().filter(m -> !m.deleted).findFirst().orElse(null);
    }

    public void showPanel(String title, List<String> lines) {
        panelTitle = title;
        panel = lines;
    }
}
