package io.parley.chat.slash;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Slash command settings, {@code parley.chat.slash.*} (defaults, with why, in application.properties too). */
@ConfigMapping(prefix = "parley.chat.slash")
public interface SlashConfig {

    /** How long after an invocation its bot may answer it. */
    @WithDefault("15m")
    Duration responseWindow();

    /** How long an invocation is kept: a send retried within it finds its invocation instead of invoking again. */
    @WithDefault("7d")
    Duration keep();

    /** The most commands one bot may register in one channel. */
    @WithDefault("50")
    int maxCommandsPerBot();
}
