package io.parley.gateway.client;

/** chat-service's answer to "may this user subscribe": {@code access} is member, joinable or none. */
public record ChannelAccess(String channelId, String access, String role, long lastSeq) {

    public boolean isMember() {
        return "member".equals(access);
    }

    public boolean isJoinable() {
        return "joinable".equals(access);
    }
}
