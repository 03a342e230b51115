package io.parley.auth.rest;

import io.parley.auth.domain.BotView;
import io.parley.auth.domain.TokenPair;
import io.parley.auth.domain.User;
import io.parley.auth.domain.UserView;
import io.parley.auth.service.BotService;

import java.util.List;

/** The answer bodies of the Auth API (PROTOCOL §2). */
public final class Responses {

    private Responses() {
    }

    public record Tokens(String accessToken, String refreshToken, String tokenType, long expiresIn, UserView user) {

        static Tokens of(TokenPair pair) {
            return new Tokens(pair.accessToken(), pair.refreshToken(), "Bearer", pair.expiresInSeconds(),
                    UserView.of(pair.user()));
        }
    }

    public record Users(List<UserView> users) {

        static Users of(List<User> users) {
            return new Users(users.stream().map(UserView::of).toList());
        }
    }

    /** POST /api/bots/{id}/token: the bot token is shown here once, never again. */
    public record BotWithToken(BotView bot, String token) {

        static BotWithToken of(BotService.Created created) {
            return new BotWithToken(BotView.of(created.bot()), created.token());
        }
    }

    public record Bots(List<BotView> bots) {

        static Bots of(List<User> bots) {
            return new Bots(bots.stream().map(BotView::of).toList());
        }
    }

    /** POST /api/auth/bot-token: an access token, no refresh token (the bot exchanges its bot token again). */
    public record BotAccess(String accessToken, String tokenType, long expiresIn, UserView user) {

        static BotAccess of(BotService.Exchanged exchanged) {
            return new BotAccess(exchanged.accessToken(), "Bearer", exchanged.expiresInSeconds(),
                    UserView.of(exchanged.bot()));
        }
    }
}
