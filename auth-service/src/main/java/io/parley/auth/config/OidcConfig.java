package io.parley.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * External OpenID Connect providers (prefix parley.auth.oidc), each under its own id: {@code
 * parley.auth.oidc.providers.<id>.issuer=...}. Nothing here is vendor-specific; docs/auth.md explains every key.
 * Checked at start-up by {@code service.OidcProviders}, which names the key that is wrong.
 */
@ConfigMapping(prefix = "parley.auth.oidc")
public interface OidcConfig {

    /**
     * The address browsers reach Parley at (the gateway, e.g. https://chat.example.org): the callback is
     * {@code <public-base-url>/api/auth/oidc/<id>/callback} and the sign-in ends on {@code <public-base-url>/}.
     */
    Optional<String> publicBaseUrl();

    /** How long a started sign-in may take to come back (state, nonce and PKCE verifier expire after it). */
    @WithDefault("10M")
    Duration loginTimeout();

    /** How long the one-time code the web page trades for tokens stays valid. */
    @WithDefault("60S")
    Duration handoffTimeout();

    /** How long a provider's discovery document is kept before it is fetched again. */
    @WithDefault("1H")
    Duration discoveryRefresh();

    /** How long a provider's JWKS is kept; a token signed by an unknown kid fetches it again at once. */
    @WithDefault("15M")
    Duration jwksRefresh();

    /** Connect and read timeout of every call to a provider (discovery, JWKS, token endpoint). */
    @WithDefault("5S")
    Duration httpTimeout();

    /** Leeway for exp/iat/nbf of the providers' tokens. */
    @WithDefault("60S")
    Duration clockSkew();

    /** The providers by id (the id appears in URLs: 1-32 of a-z, 0-9, '-'). */
    Map<String, Provider> providers();

    /** One provider. */
    interface Provider {

        /** The issuer exactly as the provider writes it in iss; discovery is {@code <issuer>/.well-known/openid-configuration}. */
        String issuer();

        /** The label of the "Sign in with …" button; default: the id. */
        Optional<String> displayName();

        String clientId();

        /** Sent to the token endpoint (client_secret_basic); a public client (PKCE only) leaves it unset. */
        Optional<String> clientSecret();

        /** Requested scopes; openid is always added. */
        @WithDefault("openid,profile,email")
        List<String> scopes();

        /** The claim that becomes the Parley username (made valid and unique; a clash gets a suffix). */
        @WithDefault("preferred_username")
        String usernameClaim();

        /** The claim that becomes the display name, updated on every sign-in. */
        @WithDefault("name")
        String displayNameClaim();

        /** A claim (string or array of strings) that grants Parley's admin role when it holds {@link #adminValue()}. */
        Optional<String> adminClaim();

        Optional<String> adminValue();

        /** When set, only users with a verified email in one of these domains may sign in. */
        Optional<List<String>> allowedEmailDomains();

        /**
         * The aud values accepted on tokens given to {@code POST .../token} (programs); default: the client id.
         * An ID token's aud is always checked against the client id.
         */
        Optional<List<String>> tokenAudiences();

        /** ID token and access token signature algorithms accepted; never none nor HS*. */
        @WithDefault("RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512,EdDSA")
        List<String> algorithms();
    }
}
