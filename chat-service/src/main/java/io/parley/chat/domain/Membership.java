package io.parley.chat.domain;

import java.util.UUID;

/** A caller's view of one channel: the channel row and their role in it (null when not a member). */
public record Membership(ChannelRow channel, Role role, long readSeq) {

    public boolean isMember() {
        return role != null;
    }

    public UUID channelId() {
        return channel.id();
    }
}
