package io.parley.auth.service;

import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import io.parley.auth.config.OidcConfig;
import io.parley.auth.domain.TokenPair;
import io.parley.auth.domain.User;
import io.parley.auth.repository.OidcRepository;
import io.parley.auth.repository.UserRepository;
import io.parley.kit.error.ApiException;
import io.parley.kit.error.ForbiddenException;
import io.parley.kit.error.UnauthenticatedException;
import io.parley.kit.error.UnavailableException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Sign-in through an external OpenID Connect provider: the Authorization Code flow with PKCE (S256), state and
 * nonce kept in PostgreSQL (single use, parley.auth.oidc.login-timeout), the ID token checked (signature against the
 * provider's JWKS with an asymmetric algorithm, iss, aud, exp, nonce), then a one-time code the web page trades for
 * Parley's own tokens; and the direct exchange of a provider's token for programs. Calls to the provider block, so
 * they run on worker threads, never on the event loop.
 */
@ApplicationScoped
public class OidcSignIn {

    private static final Logger LOG = Logger.getLogger(OidcSignIn.class);
    static final String BAD_STATE = "the sign-in is unknown or has expired, start again";
    static final String OTHER_BROWSER = "the sign-in was started in another browser, start again";
    static final String BAD_TOKEN = "the provider's token is not valid here";

    private final Pool pool;
    private final OidcProviders providers;
    private final OidcRepository oidc;
    private final OidcAccounts accounts;
    private final UserRepository users;
    private final LoginService logins;
    private final OidcConfig config;
    private final AuthMetrics metrics;

    public OidcSignIn(Pool pool, OidcProviders providers, OidcRepository oidc, OidcAccounts accounts,
            UserRepository users, LoginService logins, OidcConfig config, AuthMetrics metrics) {
        this.pool = pool;
        this.providers = providers;
        this.oidc = oidc;
        this.accounts = accounts;
        this.users = users;
        this.logins = logins;
        this.config = config;
        this.metrics = metrics;
    }

    /** A started sign-in: where the browser goes, and the state its cookie must carry back (login CSRF). */
    public record Started(URI location, String state) {
    }

    /** The provider's authorization URL for a new sign-in, whose state, nonce and verifier are stored first. */
    public Uni<Started> start(String providerId) {
        OidcProviders.Provider provider = providers.get(providerId);
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        return blocking(provider::metadata)
                .call(metadata -> pool.withTransaction(conn -> oidc.insertLogin(conn,
                        RefreshTokens.hash(state.getValue()), provider.id(), nonce.getValue(), verifier.getValue(),
                        Instant.now().plus(config.loginTimeout()))))
                .map(metadata -> {
                    Scope scope = new Scope("openid");
                    provider.settings().scopes().forEach(scope::add);
                    return new AuthenticationRequest.Builder(ResponseType.CODE, scope,
                            new ClientID(provider.settings().clientId()), URI.create(provider.redirectUri()))
                            .endpointURI(metadata.getAuthorizationEndpointURI())
                            .state(state)
                            .nonce(nonce)
                            .codeChallenge(verifier, CodeChallengeMethod.S256)
                            .build().toURI();
                })
                .map(location -> new Started(location, state.getValue()));
    }

    /**
     * The provider's redirect back: the state must be one this service issued for this provider and not yet used,
     * and come back with the browser's state cookie, the code is exchanged with the stored PKCE verifier, the ID token
     * must carry the stored nonce. Answers the one-time code for {@link #redeem}.
     */
    public Uni<String> callback(String providerId, String code, String state, String browserState, String error) {
        OidcProviders.Provider provider = providers.get(providerId);
        if (state == null || state.isEmpty() || state.length() > 512) {
            return refused(provider, "code", new UnauthenticatedException(BAD_STATE));
        }
        // the state must come back to the browser that started the sign-in: otherwise someone's callback URL,
        // sent to a victim, would sign the victim in as that someone (login CSRF)
        if (browserState == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                browserState.getBytes(StandardCharsets.UTF_8))) {
            return refused(provider, "code", new UnauthenticatedException(OTHER_BROWSER));
        }
        return pool.withTransaction(conn -> oidc.takeLogin(conn, RefreshTokens.hash(state)))
                .chain(pending -> {
                    if (pending == null || !pending.provider().equals(provider.id())
                            || pending.expiresAt().isBefore(Instant.now())) {
                        throw new UnauthenticatedException(BAD_STATE);
                    }
                    if (error != null) {
                        throw new UnauthenticatedException("the provider refused the sign-in: " + clip(error));
                    }
                    if (code == null || code.isEmpty() || code.length() > 4096) {
                        throw new UnauthenticatedException("the provider sent no authorization code");
                    }
                    return blocking(() -> exchangeCode(provider, code, pending));
                })
                .chain(signedIn -> accounts.userFor(provider, signedIn.claims())
                        .chain(user -> handoff(provider, user, signedIn.claims())))
                .invoke(() -> metrics.oidcSignIn(provider.id(), "code", "success"))
                .onFailure(ApiException.class).invoke(e -> counted(provider, "code", (ApiException) e));
    }

    /** Trades a one-time code from {@link #callback} for Parley tokens (a new session). */
    public Uni<TokenPair> redeem(String code) {
        return pool.withTransaction(conn -> oidc.takeHandoff(conn, RefreshTokens.hash(code))
                        .chain(userId -> userId == null ? Uni.createFrom().nullItem() : users.findById(conn, userId)))
                .chain(user -> {
                    if (user == null) {
                        throw new UnauthenticatedException("the sign-in code is unknown, used or expired");
                    }
                    if (user.banned()) {
                        throw new ForbiddenException("this account is banned");
                    }
                    return logins.startSession(user);
                });
    }

    /**
     * Token exchange for programs that already signed in with the provider: its access token (or ID token) is
     * checked against the provider's JWKS, issuer, audience (token-audiences, default the client id) and expiry.
     */
    public Uni<TokenPair> exchange(String providerId, String token) {
        OidcProviders.Provider provider = providers.get(providerId);
        return blocking(() -> {
                    try {
                        JWT jwt = JWTParser.parse(token);
                        return provider.accessTokenProcessor().process(jwt, null);
                    } catch (ParseException | BadJOSEException | RateLimitReachedException e) {
                        // rate limited: the kid is unknown and the JWKS was fetched moments ago, so it is not the
                        // provider's key (a flood of made-up kids must not make us fetch, nor answer 503)
                        LOG.debugf("token exchange with %s refused: %s", provider.id(), e.toString());
                        throw new UnauthenticatedException(BAD_TOKEN);
                    } catch (com.nimbusds.jose.JOSEException e) {
                        LOG.warnf("token exchange with %s: %s", provider.id(), e.toString());
                        throw new UnavailableException("the sign-in provider's keys are unavailable, retry later");
                    }
                })
                .chain(claims -> accounts.userFor(provider, claims))
                .chain(logins::startSession)
                .invoke(() -> metrics.oidcSignIn(provider.id(), "exchange", "success"))
                .onFailure(ApiException.class).invoke(e -> counted(provider, "exchange", (ApiException) e));
    }

    private SignedIn exchangeCode(OidcProviders.Provider provider, String code, OidcRepository.PendingLogin pending) {
        var metadata = provider.metadata();
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code),
                URI.create(provider.redirectUri()), new CodeVerifier(pending.codeVerifier()));
        ClientID clientId = new ClientID(provider.settings().clientId());
        TokenRequest request = provider.settings().clientSecret()
                .map(secret -> new TokenRequest.Builder(metadata.getTokenEndpointURI(),
                        new ClientSecretBasic(clientId, new Secret(secret)), grant).build())
                .orElseGet(() -> new TokenRequest.Builder(metadata.getTokenEndpointURI(), clientId, grant).build());
        TokenResponse response;
        try {
            HTTPRequest http = request.toHTTPRequest();
            http.setConnectTimeout(provider.timeoutMillis());
            http.setReadTimeout(provider.timeoutMillis());
            response = OIDCTokenResponseParser.parse(http.send());
        } catch (IOException | com.nimbusds.oauth2.sdk.ParseException e) {
            LOG.warnf("token endpoint of %s failed: %s", provider.id(), e.toString());
            throw new UnavailableException("the sign-in provider is unavailable, retry later");
        }
        if (!response.indicatesSuccess()) {
            TokenErrorResponse failure = response.toErrorResponse();
            throw new UnauthenticatedException("the provider refused the code: "
                    + clip(String.valueOf(failure.getErrorObject().getCode())));
        }
        JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
        if (idToken == null) {
            throw new UnauthenticatedException("the provider sent no ID token");
        }
        try {
            JWTClaimsSet claims = provider.idTokenValidator().validate(idToken, new Nonce(pending.nonce()))
                    .toJWTClaimsSet();
            return new SignedIn(claims);
        } catch (BadJOSEException | RateLimitReachedException e) {
            LOG.infof("ID token from %s refused: %s", provider.id(), e.toString());
            throw new UnauthenticatedException("the provider's ID token is not valid");
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            LOG.infof("ID token claims from %s refused: %s", provider.id(), e.toString());
            throw new UnauthenticatedException("the provider's ID token is not valid");
        } catch (com.nimbusds.jose.JOSEException e) {
            LOG.warnf("ID token from %s could not be checked: %s", provider.id(), e.toString());
            throw new UnavailableException("the sign-in provider's keys are unavailable, retry later");
        }
    }

    private Uni<String> handoff(OidcProviders.Provider provider, User user, JWTClaimsSet claims) {
        String code = RefreshTokens.newValue();
        Object sid = claims.getClaim("sid");
        return pool.withTransaction(conn -> {
            List<Uni<Void>> writes = new ArrayList<>();
            writes.add(oidc.insertHandoff(conn, RefreshTokens.hash(code), user.id(),
                    Instant.now().plus(config.handoffTimeout())));
            if (sid instanceof String session && !session.isBlank() && session.length() <= 512) {
                // kept as long as the refresh tokens it could end
                writes.add(oidc.recordSession(conn, provider.id(), session, user.id(),
                        Instant.now().plus(logins.refreshTokenLifetime())));
            }
            return Uni.join().all(writes).andFailFast();
        }).replaceWith(code);
    }

    private <T> Uni<T> refused(OidcProviders.Provider provider, String kind, ApiException e) {
        counted(provider, kind, e);
        return Uni.createFrom().failure(e);
    }

    private void counted(OidcProviders.Provider provider, String kind, ApiException e) {
        metrics.oidcSignIn(provider.id(), kind, e.code());
    }

    private static <T> Uni<T> blocking(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static String clip(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 100 ? printable.substring(0, 100) : printable;
    }

    private record SignedIn(JWTClaimsSet claims) {
    }
}
