package io.parley.auth.rest;

import io.parley.auth.config.OidcConfig;
import io.parley.auth.service.OidcLogout;
import io.parley.auth.service.OidcProviders;
import io.parley.auth.service.OidcSignIn;
import io.parley.kit.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sign-in through external OpenID Connect providers (docs/auth.md): the list for the login page, the browser's
 * start and callback (redirects), the page's one-time code, token exchange for programs and back-channel logout.
 * All public: the provider's answers are what is checked.
 */
@Path("/api/auth/oidc")
@Produces(MediaType.APPLICATION_JSON)
public class OidcResource {

    private final OidcProviders providers;
    private final OidcSignIn signIn;
    private final OidcLogout logout;
    public static final String STATE_COOKIE = "parley_oidc_state";

    private final String publicBaseUrl;
    private final long loginTimeoutSeconds;

    public OidcResource(OidcProviders providers, OidcSignIn signIn, OidcLogout logout, OidcConfig config) {
        this.providers = providers;
        this.signIn = signIn;
        this.logout = logout;
        this.publicBaseUrl = config.publicBaseUrl()
                .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url).orElse("");
        this.loginTimeoutSeconds = config.loginTimeout().toSeconds();
    }

    /** The "Sign in with …" buttons, and whether the password form is shown at all. */
    public record Providers(List<ProviderView> providers, boolean passwordLogin) {
    }

    public record ProviderView(String id, String name, String startUrl) {
    }

    public record Redeem(@NotNull(message = Requests.REQUIRED) @TextLength(min = 1, max = 256) String code) {
    }

    public record Exchange(@NotNull(message = Requests.REQUIRED) @TextLength(min = 1, max = 16384) String token) {
    }

    @GET
    @Path("/providers")
    public Providers list() {
        return new Providers(providers.all().stream()
                .map(p -> new ProviderView(p.id(), p.displayName(), "/api/auth/oidc/" + p.id() + "/start"))
                .toList(), providers.passwordLogin());
    }

    @GET
    @Path("/{provider}/start")
    public Uni<Response> start(@PathParam("provider") String provider) {
        return signIn.start(provider).map(started -> Response.seeOther(started.location())
                .header("Cache-Control", "no-store")
                .header("Set-Cookie", stateCookie(started.state(), loginTimeoutSeconds)).build());
    }

    /**
     * Ends on the web page either way: {@code /#oidc-code=...} (traded by POST /redeem, never a token in a URL) or
     * {@code /#oidc-error=CODE&message=...} with the contract's error code.
     */
    @GET
    @Path("/{provider}/callback")
    public Uni<Response> callback(@PathParam("provider") String provider, @QueryParam("code") String code,
            @QueryParam("state") String state, @QueryParam("error") String error,
            @CookieParam(STATE_COOKIE) String browserState) {
        providers.get(provider); // an unknown provider is a 404, not a redirect
        return signIn.callback(provider, code, state, browserState, error)
                .map(handoff -> page("oidc-code=" + handoff))
                .onFailure(ApiException.class).recoverWithItem(e -> page("oidc-error="
                        + ((ApiException) e).code() + "&message=" + encode(e.getMessage())));
    }

    @POST
    @Path("/redeem")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Responses.Tokens> redeem(@Valid @NotNull(message = AuthResource.BODY_REQUIRED) Redeem body) {
        return signIn.redeem(body.code()).map(Responses.Tokens::of);
    }

    @POST
    @Path("/{provider}/token")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Responses.Tokens> exchange(@PathParam("provider") String provider,
            @Valid @NotNull(message = AuthResource.BODY_REQUIRED) Exchange body) {
        return signIn.exchange(provider, body.token()).map(Responses.Tokens::of);
    }

    /** Back-Channel Logout 1.0: 200 once the user's sessions ended, 400 for a token that is not valid. */
    @POST
    @Path("/{provider}/backchannel-logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> backchannelLogout(@PathParam("provider") String provider,
            @FormParam("logout_token") String logoutToken) {
        return logout.logout(provider, logoutToken)
                .map(users -> Response.ok().header("Cache-Control", "no-store").build());
    }

    private Response page(String fragment) {
        return Response.seeOther(URI.create(publicBaseUrl + "/#" + fragment)).header("Cache-Control", "no-store")
                .header("Set-Cookie", stateCookie("", 0)).build();
    }

    /**
     * The sign-in's state, kept by the browser that started it: HttpOnly, only sent to these routes, SameSite=Lax
     * (sent on the provider's top-level redirect back, never on a cross-site subrequest), Secure behind https.
     */
    private String stateCookie(String value, long maxAgeSeconds) {
        return STATE_COOKIE + "=" + value + "; Path=/api/auth/oidc; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Lax" + (publicBaseUrl.startsWith("https:") ? "; Secure" : "");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text == null ? "" : text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
