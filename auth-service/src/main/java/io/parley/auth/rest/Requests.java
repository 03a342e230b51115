package io.parley.auth.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The request bodies of the Auth API (PROTOCOL §2), with the contract's field rules. */
public final class Requests {

    static final String USERNAME = "[A-Za-z0-9_.-]{3,32}";
    static final String USERNAME_RULE = "must be 3-32 characters of letters, digits, '_', '.' or '-'";
    static final String REQUIRED = "is required";

    private Requests() {
    }

    public record Register(
            @NotNull(message = REQUIRED) @Pattern(regexp = USERNAME, message = USERNAME_RULE) String username,
            @NotNull(message = REQUIRED) @TextLength(min = 8, max = 128) String password,
            @TextLength(min = 1, max = 64, displayText = true) String displayName) {
    }

    /** Any password up to the longest one registration accepts; the length bound caps hashing work. */
    public record Login(
            @NotNull(message = REQUIRED) @Pattern(regexp = USERNAME, message = USERNAME_RULE) String username,
            @NotNull(message = REQUIRED) @TextLength(min = 1, max = 128) String password) {
    }

    /** For refresh and logout. */
    public record RefreshToken(@NotNull(message = REQUIRED) @TextLength(min = 1, max = 256) String refreshToken) {
    }

    public record UpdateMe(
            @NotNull(message = REQUIRED) @TextLength(min = 1, max = 64, displayText = true) String displayName) {
    }

    public record PasswordChange(
            @NotNull(message = REQUIRED) @TextLength(min = 1, max = 128) String currentPassword,
            @NotNull(message = REQUIRED) @TextLength(min = 8, max = 128) String newPassword) {
    }

    /** POST /api/bots. */
    public record CreateBot(
            @NotNull(message = REQUIRED) @Pattern(regexp = USERNAME, message = USERNAME_RULE) String username,
            @TextLength(min = 1, max = 64, displayText = true) String displayName) {
    }

    /** PATCH /api/bots/{id}: absent fields stay as they are. */
    public record UpdateBot(@TextLength(min = 1, max = 64, displayText = true) String displayName, Boolean disabled) {
    }

    /** POST /api/auth/bot-token; the bound only caps the work on garbage, the shape is checked by the service. */
    public record BotToken(@NotNull(message = REQUIRED) @TextLength(min = 1, max = 256) String token) {
    }
}
