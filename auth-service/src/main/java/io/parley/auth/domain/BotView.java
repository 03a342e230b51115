package io.parley.auth.domain;

import java.util.List;

/** A bot as its owner and admins see it (docs/bots.md): the user view, its owner, and whether an admin disabled it. */
public record BotView(String id, String username, String displayName, List<String> roles, String createdAt,
        boolean bot, String ownerId, boolean disabled) {

    public static BotView of(User bot) {
        UserView view = UserView.of(bot);
        return new BotView(view.id(), view.username(), view.displayName(), view.roles(), view.createdAt(), true,
                view.ownerId(), bot.banned());
    }
}
