package io.parley.auth.service;

import io.parley.auth.config.OidcConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A wrong provider setting stops the start with the full name of the key, before any provider is called (the
 * configuration is built as Quarkus builds it, with its duration format).
 */
class OidcConfigCheckTest {

    private static final String P = "parley.auth.oidc.";

    @Test
    void aCompleteProviderPasses() {
        var providers = OidcProviders.check(config(valid()));
        assertEquals("http://chat.example/api/auth/oidc/corp/callback", providers.get("corp").redirectUri());
        assertEquals("corp", providers.get("corp").displayName());
    }

    @Test
    void eachBadSettingIsNamed() {
        assertBad(P + "public-base-url", with(P + "public-base-url", null));
        assertBad(P + "public-base-url", with(P + "public-base-url", "chat.example"));
        assertBad(P + "providers.corp.issuer", with(P + "providers.corp.issuer", "ftp://sso.example/realms/x"));
        assertBad(P + "providers.corp.issuer", with(P + "providers.corp.issuer", "https://sso.example/r?x=1"));
        assertBad(P + "providers.corp.client-id", with(P + "providers.corp.client-id", " "));
        assertBad(P + "providers.corp.admin-value", with(P + "providers.corp.admin-claim", "groups"));
        assertBad(P + "providers.corp.algorithms", with(P + "providers.corp.algorithms", "RS256,HS256"));
        assertBad(P + "providers.corp.algorithms", with(P + "providers.corp.algorithms", "none"));
        assertBad(P + "providers.corp.allowed-email-domains",
                with(P + "providers.corp.allowed-email-domains", "someone@example.org"));
        Map<String, String> badId = valid();
        badId.keySet().removeIf(k -> k.startsWith(P + "providers."));
        badId.put(P + "providers.Corp_1.issuer", "https://sso.example/realms/x");
        badId.put(P + "providers.Corp_1.client-id", "parley");
        assertBad(P + "providers.Corp_1", badId);
    }

    @Test
    void aMissingRequiredKeyIsNamedByTheConfigurationItself() {
        Map<String, String> noClient = with(P + "providers.corp.client-id", null);
        Exception e = assertThrows(Exception.class, () -> config(noClient));
        assertTrue(e.getMessage().contains(P + "providers.corp.client-id"), e.getMessage());
    }

    @Test
    void providersComeFromEnvironmentVariablesToo() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(OidcConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new EnvConfigSource(Map.of(
                        "PARLEY_AUTH_OIDC_PUBLIC_BASE_URL", "https://chat.example",
                        "PARLEY_AUTH_OIDC_PROVIDERS_CORP_ISSUER", "https://sso.example/realms/parley",
                        "PARLEY_AUTH_OIDC_PROVIDERS_CORP_CLIENT_ID", "parley",
                        "PARLEY_AUTH_OIDC_PROVIDERS_CORP_ADMIN_CLAIM", "groups",
                        "PARLEY_AUTH_OIDC_PROVIDERS_CORP_ADMIN_VALUE", "admins"), 300) {
                }).build();
        var providers = OidcProviders.check(config.getConfigMapping(OidcConfig.class));
        assertEquals("https://sso.example/realms/parley", providers.get("corp").settings().issuer());
        assertEquals("groups", providers.get("corp").settings().adminClaim().orElseThrow());
    }

    private static void assertBad(String key, Map<String, String> properties) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OidcProviders.check(config(properties)));
        assertTrue(e.getMessage().startsWith(key + " "), e.getMessage());
    }

    private static Map<String, String> valid() {
        Map<String, String> properties = new HashMap<>();
        properties.put(P + "public-base-url", "http://chat.example/");
        properties.put(P + "providers.corp.issuer", "https://sso.example/realms/parley");
        properties.put(P + "providers.corp.client-id", "parley");
        return properties;
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> properties = valid();
        if (value == null) {
            properties.remove(key);
        } else {
            properties.put(key, value);
        }
        return properties;
    }

    private static OidcConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(OidcConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return config.getConfigMapping(OidcConfig.class);
    }
}
