package io.parley.cli.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.Set;

/** The reducer of channel events (those with a {@code seq}): each applied once, in order, to the channel's state. */
final class ChannelEvents {
    private ChannelEvents() {
    }

    /** Applies one event to its channel (null: not one of ours); false when it was already applied. */
    static boolean apply(ChatModel model, Channel channel, String type, JsonNode d) {
        long seq = d.path("seq").asLong(-1);
        if (channel == null || seq < 0 || seq <= channel.cursor) {
            return false; // not ours, or already applied (a replay overlapping what the list or a page gave)
        }
        channel.cursor = seq;
        switch (type) {
            case "message.created" -> {
                Message message = Message.from(d.path("message"));
                channel.messages.putIfAbsent(message.seq, message);
                model.typingEnded(channel.id, message.senderId);
                if (!message.senderId.equals(model.myId) && !message.deleted) {
                    channel.unread++;
                }
            }
            case "message.updated" -> {
                Message update = Message.from(d.path("message"));
                Message shown = channel.messages.get(update.seq);
                if (shown != null) {
                    shown.text = update.text;
                    shown.edited = true;
                    shown.deleted = update.deleted;
                }
            }
            case "message.deleted" -> {
                Message shown = channel.byId(d.path("messageId").asText());
                if (shown != null) {
                    shown.deleted = true;
                    shown.text = "";
                    shown.attachments.clear();
                }
            }
            case "reaction.added", "reaction.removed" -> {
                Message shown = channel.byId(d.path("messageId").asText());
                if (shown != null) {
                    String emoji = d.path("emoji").asText();
                    Set<String> users = shown.reactions.computeIfAbsent(emoji, k -> new LinkedHashSet<>());
                    if (type.equals("reaction.added")) {
                        users.add(d.path("userId").asText());
                    } else {
                        users.remove(d.path("userId").asText());
                    }
                    if (users.isEmpty()) {
                        shown.reactions.remove(emoji);
                    }
                }
            }
            case "member.joined", "member.updated" -> {
                String userId = d.path("userId").asText();
                Member known = channel.members.get(userId);
                channel.members.put(userId, new Member(userId, model.username(userId),
                        known == null ? "" : known.displayName(), d.path("role").asText("member")));
                if (channel.isDm() && !userId.equals(model.myId)) {
                    channel.peerId = userId;
                }
            }
            case "member.left" -> channel.members.remove(d.path("userId").asText());
            case "channel.updated" -> {
                JsonNode c = d.path("channel");
                channel.name = c.path("name").asText(channel.name);
                channel.topic = Message.textOrNull(c.path("topic"));
            }
            default -> {
                // an event type of a later protocol version: its seq still counts
            }
        }
        return true;
    }
}
