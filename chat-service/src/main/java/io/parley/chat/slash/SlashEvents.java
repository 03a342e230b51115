package io.parley.chat.slash;

/** The user events of slash commands on {@code user.events} (the gateway forwards any user event type as it is). */
public final class SlashEvents {

    /** To the bot: {@code {invocationId, channelId, command, args, userId, text}}. */
    public static final String COMMAND_INVOKED = "command.invoked";
    /** To the caller only: {@code {invocationId, channelId, command, botId, text, ephemeral: true}}. */
    public static final String COMMAND_RESPONSE = "command.response";

    private SlashEvents() {
    }
}
