package io.parley.chat.rest;

/** REST bodies of the channel routes (unknown fields ignored, wrong types INVALID). */
public final class ChannelRequests {

    private ChannelRequests() {
    }

    public record CreateChannel(String name, String topic, String visibility) {
    }

    public record UpdateChannel(String name, String topic) {
    }

    public record AddMember(String userId) {
    }

    public record SetRole(String role) {
    }

    public record OpenDm(String userId) {
    }
}
