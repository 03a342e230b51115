package io.parley.auth.rest;

import io.parley.auth.domain.TokenPair;
import io.parley.auth.domain.User;
import io.parley.auth.domain.UserView;

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
}
