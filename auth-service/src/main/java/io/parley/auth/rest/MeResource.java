package io.parley.auth.rest;

import io.parley.auth.domain.UserView;
import io.parley.auth.service.AccountService;
import io.parley.auth.service.CallerAccounts;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The caller's own account: read it, rename it, change its password. */
@Path("/api/auth")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final SecurityIdentity identity;
    private final CallerAccounts callers;
    private final AccountService accounts;
    private final ClientAddress clientAddress;

    public MeResource(SecurityIdentity identity, CallerAccounts callers, AccountService accounts,
            ClientAddress clientAddress) {
        this.identity = identity;
        this.callers = callers;
        this.accounts = accounts;
        this.clientAddress = clientAddress;
    }

    @GET
    @Path("/me")
    public Uni<UserView> me() {
        return callers.current(identity).map(UserView::of);
    }

    @PATCH
    @Path("/me")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<UserView> update(@Valid @NotNull(message = AuthResource.BODY_REQUIRED) Requests.UpdateMe body) {
        return callers.current(identity)
                .chain(caller -> accounts.updateDisplayName(caller, body.displayName()))
                .map(UserView::of);
    }

    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> changePassword(
            @Valid @NotNull(message = AuthResource.BODY_REQUIRED) Requests.PasswordChange body,
            @Context HttpServerRequest request) {
        return callers.current(identity)
                .chain(caller -> accounts.changePassword(caller, body.currentPassword(), body.newPassword(),
                        clientAddress.of(request)))
                .map(ignored -> Response.noContent().build());
    }
}
