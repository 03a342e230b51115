package io.parley.auth.service;

import java.util.regex.Pattern;

/**
 * Bot token values (docs/bots.md): {@code pbot_} + base64url of 32 random bytes, stored only as their SHA-256 (as
 * refresh tokens are). The prefix lets secret scanners and people recognise one.
 */
public final class BotTokens {

    public static final String PREFIX = "pbot_";
    /** 32 bytes of base64url without padding are 43 characters. */
    private static final Pattern SHAPE = Pattern.compile("pbot_[A-Za-z0-9_-]{43}");

    private BotTokens() {
    }

    public static String newValue() {
        return PREFIX + RefreshTokens.newValue();
    }

    public static byte[] hash(String value) {
        return RefreshTokens.hash(value);
    }

    /** Whether the text could be a bot token at all (anything else is refused without a database look-up). */
    public static boolean wellFormed(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }
}
