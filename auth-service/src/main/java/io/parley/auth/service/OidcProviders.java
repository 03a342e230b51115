package io.parley.auth.service;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import io.parley.auth.config.AuthConfig;
import io.parley.auth.config.OidcConfig;
import io.parley.kit.error.NotFoundException;
import io.parley.kit.error.UnavailableException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The configured external OpenID Connect providers: their settings checked at start-up (a wrong one stops the
 * service with the key's name), their discovery documents fetched when first needed and kept for
 * parley.auth.oidc.discovery-refresh, their JWKS cached with a fetch on an unknown kid. Every method that may fetch
 * blocks: callers run it on a worker thread.
 */
@ApplicationScoped
@Startup
public class OidcProviders {

    private static final Logger LOG = Logger.getLogger(OidcProviders.class);
    private static final Pattern PROVIDER_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final String PREFIX = "parley.auth.oidc.";
    /** Asymmetric algorithms only: none is never accepted, and HS* would let a public key act as a shared secret. */
    private static final Set<String> ASYMMETRIC = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512", "EdDSA");
    /** typ headers of access tokens: plain JWT, none, and RFC 9068's at+jwt. */
    private static final Set<JOSEObjectType> ACCESS_TOKEN_TYPES = Set.of(JOSEObjectType.JWT,
            new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"));

    private final Map<String, Provider> providers;
    private final boolean passwordLogin;

    public OidcProviders(OidcConfig config, AuthConfig authConfig) {
        this.passwordLogin = authConfig.passwordLogin();
        this.providers = check(config);
        if (!passwordLogin && providers.isEmpty()) {
            throw new IllegalStateException("parley.auth.password-login=false needs at least one provider in "
                    + PREFIX + "providers: nobody could sign in");
        }
        providers.keySet().forEach(id -> LOG.infof("OpenID Connect provider %s: %s", id,
                providers.get(id).settings().issuer()));
    }

    public boolean passwordLogin() {
        return passwordLogin;
    }

    public Collection<Provider> all() {
        return providers.values();
    }

    /** @throws NotFoundException for an id that is not configured */
    public Provider get(String id) {
        Provider provider = providers.get(id);
        if (provider == null) {
            throw new NotFoundException("no such sign-in provider");
        }
        return provider;
    }

    static Map<String, Provider> check(OidcConfig config) {
        Map<String, Provider> checked = new TreeMap<>(); // buttons in a stable order, by id
        if (config.providers().isEmpty()) {
            return checked;
        }
        String base = config.publicBaseUrl().map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
                .orElseThrow(() -> bad("public-base-url", "is required when providers are configured "
                        + "(the address browsers reach Parley at, e.g. https://chat.example.org)"));
        requireHttpUrl("public-base-url", base);
        config.providers().forEach((id, settings) -> {
            String key = "providers." + id + ".";
            if (!PROVIDER_ID.matcher(id).matches()) {
                throw bad("providers." + id, "the id must be 1-32 of a-z, 0-9 and '-' (it appears in URLs)");
            }
            requireHttpUrl(key + "issuer", settings.issuer());
            if (settings.clientId().isBlank()) {
                throw bad(key + "client-id", "must not be blank");
            }
            if (settings.adminClaim().isPresent() != settings.adminValue().isPresent()) {
                throw bad(key + (settings.adminClaim().isPresent() ? "admin-value" : "admin-claim"),
                        "admin-claim and admin-value go together");
            }
            if (settings.usernameClaim().isBlank() || settings.displayNameClaim().isBlank()) {
                throw bad(key + (settings.usernameClaim().isBlank() ? "username-claim" : "display-name-claim"),
                        "must not be blank");
            }
            Set<JWSAlgorithm> algorithms = new HashSet<>();
            for (String name : settings.algorithms()) {
                if (!ASYMMETRIC.contains(name)) {
                    throw bad(key + "algorithms", "'" + name + "' is not allowed (one of " + ASYMMETRIC + ")");
                }
                algorithms.add(JWSAlgorithm.parse(name));
            }
            List<String> domains = new ArrayList<>();
            settings.allowedEmailDomains().orElse(List.of()).forEach(domain -> {
                if (domain.isBlank() || domain.contains("@")) {
                    throw bad(key + "allowed-email-domains", "'" + domain + "' is not a domain");
                }
                domains.add(domain.trim().toLowerCase(Locale.ROOT));
            });
            checked.put(id, new Provider(id, settings, base + "/api/auth/oidc/" + id + "/callback", algorithms,
                    List.copyOf(domains), config));
        });
        return Collections.unmodifiableMap(checked);
    }

    private static void requireHttpUrl(String key, String value) {
        try {
            URI uri = URI.create(value);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw bad(key, "must be an absolute http(s) URL without query or fragment, got '" + value + "'");
            }
        } catch (IllegalArgumentException e) {
            throw bad(key, "is not a URL: '" + value + "'");
        }
    }

    private static IllegalStateException bad(String key, String problem) {
        return new IllegalStateException(PREFIX + key + " " + problem);
    }

    /** One provider: its settings, discovery document and the validators built on its JWKS. */
    public static final class Provider {

        private final String id;
        private final OidcConfig.Provider settings;
        private final String redirectUri;
        private final Set<JWSAlgorithm> algorithms;
        private final List<String> emailDomains;
        private final OidcConfig config;
        private volatile Discovered discovered;

        Provider(String id, OidcConfig.Provider settings, String redirectUri, Set<JWSAlgorithm> algorithms,
                List<String> emailDomains, OidcConfig config) {
            this.id = id;
            this.settings = settings;
            this.redirectUri = redirectUri;
            this.algorithms = algorithms;
            this.emailDomains = emailDomains;
            this.config = config;
        }

        public String id() {
            return id;
        }

        public OidcConfig.Provider settings() {
            return settings;
        }

        public String displayName() {
            return settings.displayName().orElse(id);
        }

        public String redirectUri() {
            return redirectUri;
        }

        /** Lower-case domains; empty: any email, or none. */
        public List<String> emailDomains() {
            return emailDomains;
        }

        public int timeoutMillis() {
            return (int) config.httpTimeout().toMillis();
        }

        /** The discovery document; blocks on a fetch when none is cached or it is older than discovery-refresh. */
        public OIDCProviderMetadata metadata() {
            return discovered().metadata();
        }

        public IDTokenValidator idTokenValidator() {
            Discovered current = discovered();
            IDTokenValidator validator = new IDTokenValidator(current.metadata().getIssuer(),
                    new ClientID(settings.clientId()), current.keySelector(), null);
            validator.setMaxClockSkew((int) config.clockSkew().toSeconds());
            return validator;
        }

        public LogoutTokenValidator logoutTokenValidator() {
            Discovered current = discovered();
            LogoutTokenValidator validator = new LogoutTokenValidator(current.metadata().getIssuer(),
                    new ClientID(settings.clientId()), false, current.keySelector(), null);
            validator.setMaxClockSkew((int) config.clockSkew().toSeconds());
            return validator;
        }

        /** Checks a provider's access (or ID) token given to token exchange: signature, iss, aud, exp, sub. */
        public DefaultJWTProcessor<SecurityContext> accessTokenProcessor() {
            Discovered current = discovered();
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(withNull(ACCESS_TOKEN_TYPES)));
            processor.setJWSKeySelector(current.keySelector());
            Set<String> audiences = new HashSet<>(settings.tokenAudiences().orElse(List.of(settings.clientId())));
            DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audiences,
                    new JWTClaimsSet.Builder().issuer(current.metadata().getIssuer().getValue()).build(),
                    Set.of("sub", "exp"), null);
            claims.setMaxClockSkew((int) config.clockSkew().toSeconds());
            processor.setJWTClaimsSetVerifier(claims);
            return processor;
        }

        private static Set<JOSEObjectType> withNull(Set<JOSEObjectType> types) {
            Set<JOSEObjectType> all = new HashSet<>(types);
            all.add(null);
            return all;
        }

        private Discovered discovered() {
            Discovered current = discovered;
            if (current != null && current.fetchedAt().plus(config.discoveryRefresh()).isAfter(Instant.now())) {
                return current;
            }
            synchronized (this) {
                if (discovered != current) {
                    return discovered;
                }
                try {
                    // resolve() also checks that the document's issuer is exactly the configured one
                    OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(settings.issuer()),
                            timeoutMillis(), timeoutMillis());
                    URL jwksUrl = metadata.getJWKSetURI().toURL();
                    JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwksUrl,
                                    new DefaultResourceRetriever(timeoutMillis(), timeoutMillis(), 512 * 1024))
                            .cache(config.jwksRefresh().toMillis(), Duration.ofSeconds(15).toMillis())
                            .build();
                    discovered = new Discovered(metadata, new JWSVerificationKeySelector<>(algorithms, keys),
                            Instant.now());
                    return discovered;
                } catch (Exception e) {
                    if (current != null) {
                        LOG.warnf("OpenID Connect provider %s: discovery refresh failed, keeping the last one: %s",
                                id, e.toString());
                        return current;
                    }
                    LOG.warnf("OpenID Connect provider %s: discovery at %s failed: %s", id, settings.issuer(),
                            e.toString());
                    throw new UnavailableException("the sign-in provider is unavailable, retry later");
                }
            }
        }
    }

    private record Discovered(OIDCProviderMetadata metadata, JWSVerificationKeySelector<SecurityContext> keySelector,
            Instant fetchedAt) {
    }
}
