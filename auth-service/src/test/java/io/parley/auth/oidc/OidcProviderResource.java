package io.parley.auth.oidc;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import no.nav.security.mock.oauth2.MockOAuth2Server;

import java.util.Map;

/**
 * A real OpenID Connect provider for the tests: NAV's mock-oauth2-server (discovery, JWKS, authorization code with
 * PKCE and nonce, token endpoint) on a free port, configured in auth-service as two providers, alpha and beta.
 */
public class OidcProviderResource implements QuarkusTestResourceLifecycleManager {

    /** What browsers would reach Parley at; the tests send the callback to the test port themselves. */
    public static final String PUBLIC_BASE = "http://parley.test";
    public static final String ALPHA_CLIENT = "parley-alpha";
    public static final String BETA_CLIENT = "parley-beta";
    public static final String ADMIN_GROUP = "parley-admins";

    static volatile MockOAuth2Server server;

    @Override
    public Map<String, String> start() {
        server = new MockOAuth2Server();
        server.start();
        return Map.of(
                "parley.auth.oidc.public-base-url", PUBLIC_BASE,
                "parley.auth.oidc.providers.alpha.issuer", server.issuerUrl("alpha").toString(),
                "parley.auth.oidc.providers.alpha.display-name", "Alpha SSO",
                "parley.auth.oidc.providers.alpha.client-id", ALPHA_CLIENT,
                "parley.auth.oidc.providers.alpha.client-secret", "alpha-secret",
                "parley.auth.oidc.providers.alpha.admin-claim", "groups",
                "parley.auth.oidc.providers.alpha.admin-value", ADMIN_GROUP,
                "parley.auth.oidc.providers.beta.issuer", server.issuerUrl("beta").toString(),
                "parley.auth.oidc.providers.beta.client-id", BETA_CLIENT);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdown();
        }
    }
}
