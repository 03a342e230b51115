package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-in through an external OpenID Connect provider, end to end through a gateway (issue 25): a real provider
 * (mock-oauth2-server) started here, the code flow followed hop by hop ending in Parley tokens that open sockets on
 * two gateways, back-channel logout closing them (4009), and the web client's "Sign in with …" button in Chromium.
 */
class OidcSignInTest {

    private static final String CLIENT = "parley-st";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static MockOAuth2Server provider;
    private static ParleyStack stack;
    private static int gateway;

    @BeforeAll
    static void start() throws Exception {
        provider = new MockOAuth2Server();
        provider.start();
        stack = ParleyStack.get();
        gateway = stack.oidcGateway(Map.of(
                "PARLEY_AUTH_OIDC_PROVIDERS_MOCK_ISSUER", provider.issuerUrl("mock").toString(),
                "PARLEY_AUTH_OIDC_PROVIDERS_MOCK_CLIENT_ID", CLIENT,
                "PARLEY_AUTH_OIDC_PROVIDERS_MOCK_CLIENT_SECRET", "st-secret",
                "PARLEY_AUTH_OIDC_PROVIDERS_MOCK_DISPLAY_NAME", "Mock SSO"));
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.shutdown();
        }
    }

    @Test
    void codeFlowTokensOpenSocketsThatBackChannelLogoutCloses() throws Exception {
        String subject = UUID.randomUUID().toString();
        String name = "sso_" + UUID.randomUUID().toString().substring(0, 8);
        String code = codeFlow(subject, name);
        Rest.Response tokens = new Rest(gateway).post("/api/auth/oidc/redeem", null, Map.of("code", code));
        assertEquals(200, tokens.status(), tokens.raw());
        String access = tokens.body().path("accessToken").asText();
        String refresh = tokens.body().path("refreshToken").asText();
        String userId = tokens.body().path("user").path("id").asText();

        // Parley's own tokens: they open a socket on any gateway, not only on the one the sign-in went through
        try (WsClient here = WsClient.connect(gateway, access);
             WsClient elsewhere = WsClient.connect(stack.port("gateway-a"), access)) {
            JsonNode hello = here.hello().path("d");
            assertEquals(userId, hello.path("userId").asText());
            assertEquals(name, hello.path("username").asText());
            assertEquals(userId, elsewhere.hello().path("d").path("userId").asText());

            // the provider ends the session: refresh tokens stop working and both sockets close as revoked
            String logoutToken = provider.issueToken("mock", subject, CLIENT, Map.of(
                    "events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()),
                    "jti", UUID.randomUUID().toString()), 120).serialize();
            HttpResponse<String> logout = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway + "/api/auth/oidc/mock/backchannel-logout"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("logout_token="
                            + URLEncoder.encode(logoutToken, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, logout.statusCode(), logout.body());
            assertEquals(4009, here.awaitClose(Duration.ofSeconds(30)));
            assertEquals(4009, elsewhere.awaitClose(Duration.ofSeconds(30)));
        }
        Rest.Response refreshed = new Rest(gateway).post("/api/auth/refresh", null, Map.of("refreshToken", refresh));
        assertEquals(401, refreshed.status(), refreshed.raw());
    }

    @Test
    void signsInThroughTheWebClientsButton() throws Exception {
        ChatBrowser.assumeAvailable();
        String name = "web_" + UUID.randomUUID().toString().substring(0, 8);
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("mock", UUID.randomUUID().toString(), "JWT", null,
                Map.of("preferred_username", name, "name", "Web Person"), 3600));
        Path profile = Files.createTempDirectory("parley-chromium-oidc-");
        System.setProperty("webdriver.chrome.driver", ChatBrowser.CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(ChatBrowser.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,800");
        ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(ChatBrowser.CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get("http://127.0.0.1:" + gateway + "/");
            wait.until(d -> !d.findElements(By.id("oidc-mock")).isEmpty());
            assertEquals("Sign in with Mock SSO", driver.findElement(By.id("oidc-mock")).getText());
            driver.findElement(By.id("oidc-mock")).click();
            // provider and back; the page trades its one-time code and opens the chat
            wait.until(d -> !d.findElements(By.id("sign-out")).isEmpty());
            assertEquals("@" + name, driver.findElement(By.cssSelector(".me-name small")).getText());
            assertTrue(!driver.getCurrentUrl().contains("oidc-code"), driver.getCurrentUrl());
        } finally {
            driver.quit();
        }
    }

    /** Start, the provider's sign-in, the callback: the page's one-time code, as a browser would get it. */
    private static String codeFlow(String subject, String name) throws Exception {
        HttpResponse<String> start = get("http://127.0.0.1:" + gateway + "/api/auth/oidc/mock/start");
        assertEquals(303, start.statusCode(), start.body());
        HttpResponse<String> authorize = get(start.headers().firstValue("Location").orElseThrow());
        assertEquals(302, authorize.statusCode(), authorize.body());
        String callback = authorize.headers().firstValue("Location").orElseThrow();
        assertTrue(callback.startsWith("http://127.0.0.1:" + gateway + "/api/auth/oidc/mock/callback?"), callback);
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("mock", subject, "JWT", null,
                Map.of("preferred_username", name, "name", "Single Sign-On"), 3600));
        // the browser's state cookie from the start, as a browser sends it back (the gateway passes both through)
        String cookie = start.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(callback)).header("Cookie", cookie)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, page.statusCode(), page.body());
        String location = page.headers().firstValue("Location").orElseThrow();
        String prefix = "http://127.0.0.1:" + gateway + "/#oidc-code=";
        assertTrue(location.startsWith(prefix), location);
        return location.substring(prefix.length());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
