package io.parley.auth.rest;

import io.parley.auth.config.AuthConfig;
import io.parley.auth.domain.UserView;
import io.parley.auth.service.AccountService;
import io.parley.auth.service.BotService;
import io.parley.auth.service.LoginService;
import io.parley.kit.error.ForbiddenException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Public entry points: register, login, bot-token exchange, refresh and logout (no access token needed). */
@Path("/api/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    static final String BODY_REQUIRED = "a JSON body is required";

    private final AccountService accounts;
    private final LoginService logins;
    private final BotService bots;
    private final ClientAddress clientAddress;
    private final boolean passwordLogin;

    public AuthResource(AccountService accounts, LoginService logins, BotService bots, ClientAddress clientAddress,
            AuthConfig config) {
        this.accounts = accounts;
        this.logins = logins;
        this.bots = bots;
        this.clientAddress = clientAddress;
        this.passwordLogin = config.passwordLogin();
    }

    @POST
    @Path("/register")
    public Uni<Response> register(@Valid @NotNull(message = BODY_REQUIRED) Requests.Register body) {
        requirePasswordLogin();
        return accounts.register(body.username(), body.password(), body.displayName())
                .map(user -> Response.status(Response.Status.CREATED).entity(UserView.of(user)).build());
    }

    @POST
    @Path("/login")
    public Uni<Responses.Tokens> login(@Valid @NotNull(message = BODY_REQUIRED) Requests.Login body,
            @Context HttpServerRequest request) {
        requirePasswordLogin();
        return logins.login(body.username(), body.password(), clientAddress.of(request)).map(Responses.Tokens::of);
    }

    /** parley.auth.password-login=false: accounts come only from OpenID Connect providers (docs/auth.md). */
    private void requirePasswordLogin() {
        if (!passwordLogin) {
            throw new ForbiddenException("password sign-in is turned off: sign in with your organisation's provider");
        }
    }

    /** A bot trades its bot token for a short-lived access token (docs/bots.md); not affected by password-login. */
    @POST
    @Path("/bot-token")
    public Uni<Responses.BotAccess> botToken(@Valid @NotNull(message = BODY_REQUIRED) Requests.BotToken body) {
        return bots.exchange(body.token()).map(Responses.BotAccess::of);
    }

    @POST
    @Path("/refresh")
    public Uni<Responses.Tokens> refresh(@Valid @NotNull(message = BODY_REQUIRED) Requests.RefreshToken body) {
        return logins.refresh(body.refreshToken()).map(Responses.Tokens::of);
    }

    @POST
    @Path("/logout")
    public Uni<Response> logout(@Valid @NotNull(message = BODY_REQUIRED) Requests.RefreshToken body) {
        return logins.logout(body.refreshToken()).map(ignored -> Response.noContent().build());
    }
}
