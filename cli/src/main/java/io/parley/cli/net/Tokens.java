package io.parley.cli.net;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The signed-in user's token pair. The refresh token rotates on every use, so each new one is saved at once (a
 * stale saved token would revoke the whole family at the next start). One renewal at a time.
 */
public final class Tokens {
    private final GatewayApi api;
    private final CredentialStore store;
    private final String server;
    private final Clock clock;
    private volatile String accessToken;
    private volatile String refreshToken;
    private volatile Instant expiresAt;
    private volatile JsonNode user;
    private CompletableFuture<Void> renewing;
    /** Told of every new access token (the live socket hands it to the gateway with {@code auth}). */
    private volatile Consumer<String> onRenewed = token -> { };

    public Tokens(GatewayApi api, CredentialStore store, String server, Clock clock) {
        this.api = api;
        this.store = store;
        this.server = server;
        this.clock = clock;
        api.authenticateWith(() -> accessToken, this::renew);
    }

    /** Takes a login or refresh answer ({@code accessToken, refreshToken, expiresIn, user}) and saves it. */
    public void accept(JsonNode answer) throws IOException {
        accessToken = answer.path("accessToken").asText();
        refreshToken = answer.path("refreshToken").asText();
        expiresAt = clock.instant().plusSeconds(answer.path("expiresIn").asLong(900));
        user = answer.path("user");
        store.save(server, user.path("username").asText(), refreshToken);
    }

    public void onRenewed(Consumer<String> listener) {
        this.onRenewed = listener;
    }

    public String accessToken() {
        return accessToken;
    }

    public JsonNode user() {
        return user;
    }

    /** When the next renewal is due: once three quarters of the token's remaining life are over (at least 5 s). */
    public Duration untilRenewal() {
        Duration due = Duration.between(clock.instant(), expiresAt).multipliedBy(3).dividedBy(4);
        return due.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : due;
    }

    /** Exchanges the refresh token for a new pair; callers arriving meanwhile share the one exchange. */
    public synchronized CompletableFuture<Void> renew() {
        if (renewing != null && !renewing.isDone()) {
            return renewing;
        }
        renewing = api.refresh(refreshToken).thenAccept(answer -> {
            try {
                accept(answer);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            onRenewed.accept(accessToken);
        });
        return renewing;
    }

    /** Signs out: the refresh token is revoked on the server and forgotten here. */
    public CompletableFuture<Void> logout() {
        return api.logout(refreshToken).handle((ok, failure) -> {
            try {
                store.forget(server);
            } catch (IOException ignored) {
                // nothing saved to forget
            }
            return null;
        });
    }
}
