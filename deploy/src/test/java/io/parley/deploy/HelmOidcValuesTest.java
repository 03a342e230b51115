package io.parley.deploy;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.parley.deploy.HelmChartTest.CI_VALUES;
import static io.parley.deploy.HelmChartTest.resource;
import static io.parley.deploy.HelmChartTest.secretOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chart's oidc values become auth-service's parley.auth.oidc settings (docs/auth.md), secrets from a Secret. */
class HelmOidcValuesTest {

    static final Path OIDC_VALUES = Path.of("src/test/resources/values-oidc.yaml");

    @Test
    void providersBecomeAuthServiceEnvironmentWithTheClientSecretFromASecret() {
        RenderedChart chart = RenderedChart.render(Map.of(), resource(CI_VALUES), resource(OIDC_VALUES));
        Deployment auth = chart.named(Deployment.class, RenderedChart.nameOf("auth-service"));
        Map<String, String> env = plainEnv(auth);
        assertEquals("false", env.get("PARLEY_PASSWORD_LOGIN"));
        assertEquals("https://chat.example.org", env.get("PARLEY_AUTH_OIDC_PUBLIC_BASE_URL"));
        String k = "PARLEY_AUTH_OIDC_PROVIDERS_KEYCLOAK_";
        assertEquals("https://sso.example.org/realms/parley", env.get(k + "ISSUER"));
        assertEquals("parley", env.get(k + "CLIENT_ID"));
        assertEquals("Example SSO", env.get(k + "DISPLAY_NAME"));
        assertEquals("openid,profile,email", env.get(k + "SCOPES"));
        assertEquals("preferred_username", env.get(k + "USERNAME_CLAIM"));
        assertEquals("name", env.get(k + "DISPLAY_NAME_CLAIM"));
        assertEquals("groups", env.get(k + "ADMIN_CLAIM"));
        assertEquals("parley-admins", env.get(k + "ADMIN_VALUE"));
        assertEquals("example.org,example.com", env.get(k + "ALLOWED_EMAIL_DOMAINS"));
        assertEquals("parley", env.get(k + "TOKEN_AUDIENCES"));
        assertFalse(env.containsKey(k + "CLIENT_SECRET"), "the secret is never a plain value");
        String secretName = RenderedChart.nameOf("oidc");
        assertEquals(secretName, secretOf(auth, k + "CLIENT_SECRET"));
        Secret secret = chart.named(Secret.class, secretName);
        assertEquals("dev-placeholder-not-a-secret", new String(Base64.getDecoder()
                .decode(secret.getData().get("keycloak-client-secret")), StandardCharsets.UTF_8));
        assertEquals(List.of("keycloak-client-secret"), List.copyOf(secret.getData().keySet()));

        // a public client: no secret, only what was given
        assertEquals("https://accounts.google.com", env.get("PARLEY_AUTH_OIDC_PROVIDERS_GOOGLE_ISSUER"));
        assertEquals(List.of("PARLEY_AUTH_OIDC_PROVIDERS_GOOGLE_CLIENT_ID", "PARLEY_AUTH_OIDC_PROVIDERS_GOOGLE_ISSUER"),
                env.keySet().stream().filter(n -> n.contains("_GOOGLE_")).sorted().toList());
        // only auth-service is told
        Deployment chat = chart.named(Deployment.class, RenderedChart.nameOf("chat-service"));
        assertTrue(plainEnv(chat).keySet().stream().noneMatch(n -> n.startsWith("PARLEY_AUTH_OIDC")));
    }

    @Test
    void byDefaultPasswordLoginStaysOnAndNoProviderIsConfigured() {
        RenderedChart chart = RenderedChart.render(Map.of(), resource(CI_VALUES));
        Map<String, String> env = plainEnv(chart.named(Deployment.class, RenderedChart.nameOf("auth-service")));
        assertEquals("true", env.get("PARLEY_PASSWORD_LOGIN"));
        assertTrue(env.keySet().stream().noneMatch(n -> n.startsWith("PARLEY_AUTH_OIDC")));
        assertTrue(chart.all(Secret.class).stream()
                .noneMatch(s -> s.getMetadata().getName().equals(RenderedChart.nameOf("oidc"))));
    }

    @Test
    void anExistingSecretReplacesTheChartsOwn() {
        RenderedChart chart = RenderedChart.render(Map.of("oidc.existingSecret", "sso-clients"),
                resource(CI_VALUES), resource(OIDC_VALUES));
        Deployment auth = chart.named(Deployment.class, RenderedChart.nameOf("auth-service"));
        assertEquals("sso-clients", secretOf(auth, "PARLEY_AUTH_OIDC_PROVIDERS_KEYCLOAK_CLIENT_SECRET"));
        assertEquals("sso-clients", secretOf(auth, "PARLEY_AUTH_OIDC_PROVIDERS_GOOGLE_CLIENT_SECRET"));
        assertTrue(chart.all(Secret.class).stream()
                .noneMatch(s -> s.getMetadata().getName().equals(RenderedChart.nameOf("oidc"))));
    }

    @Test
    void badProviderValuesAreRefusedWithTheirName() {
        Exception noBase = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("oidc.publicBaseUrl", ""), resource(CI_VALUES), resource(OIDC_VALUES)));
        assertTrue(noBase.getMessage().contains("oidc.publicBaseUrl"), noBase.getMessage());
        Exception badId = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("oidc.providers.my-sso.issuer", "https://sso.example.org", "oidc.providers.my-sso.clientId",
                        "x", "oidc.publicBaseUrl", "https://chat.example.org"), resource(CI_VALUES)));
        assertTrue(badId.getMessage().contains("my-sso"), badId.getMessage());
        Exception noClient = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("oidc.providers.corp.issuer", "https://sso.example.org", "oidc.publicBaseUrl",
                        "https://chat.example.org"), resource(CI_VALUES)));
        assertTrue(noClient.getMessage().contains("clientId"), noClient.getMessage());
    }

    private static Map<String, String> plainEnv(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }
}
