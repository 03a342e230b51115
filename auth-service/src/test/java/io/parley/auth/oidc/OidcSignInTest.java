package io.parley.auth.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.parley.auth.AuthApi;
import io.parley.auth.messaging.TopicTail;
import io.parley.auth.service.AdminBootstrap;
import io.parley.devstack.DevstackResource;
import io.parley.events.Envelope;
import io.parley.events.EventTypes.AuthUsers;
import io.parley.kit.kafka.KafkaClients;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.parley.auth.oidc.OidcProviderResource.ADMIN_GROUP;
import static io.parley.auth.oidc.OidcProviderResource.ALPHA_CLIENT;
import static io.parley.auth.oidc.OidcProviderResource.PUBLIC_BASE;
import static io.parley.auth.rest.OidcResource.STATE_COOKIE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-in through external OpenID Connect providers against a real provider (mock-oauth2-server): the browser's
 * code flow followed hop by hop, JIT provisioning, username clashes, admin claim, every refusal, token exchange and
 * back-channel logout.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
@WithTestResource(OidcProviderResource.class)
class OidcSignInTest {

    private static final String BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    KafkaClients kafkaClients;

    @Inject
    AdminBootstrap adminBootstrap;

    @Test
    void providersAreListedForTheLoginPage() {
        given().when().get("/api/auth/oidc/providers").then().statusCode(200)
                .body("passwordLogin", equalTo(true))
                .body("providers.id", equalTo(List.of("alpha", "beta")))
                .body("providers.find { it.id == 'alpha' }.name", equalTo("Alpha SSO"))
                .body("providers.find { it.id == 'alpha' }.startUrl", equalTo("/api/auth/oidc/alpha/start"));
        given().redirects().follow(false).when().get("/api/auth/oidc/nope/start").then()
                .statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void codeFlowEndsInParleyTokensAndProvisionsOncePerSubject() throws Exception {
        String subject = UUID.randomUUID().toString();
        String name = AuthApi.uniqueName("ada");
        try (TopicTail topic = new TopicTail(kafkaClients, "auth.users")) {
            ValidatableResponse first = redeem(codeFlow("alpha", subject, claims(name, "Ada L")));
            first.statusCode(200).body("tokenType", equalTo("Bearer"))
                    .body("user.username", equalTo(name)).body("user.displayName", equalTo("Ada L"))
                    .body("user.roles", equalTo(List.of("user")));
            String userId = first.extract().path("user.id");
            String access = first.extract().path("accessToken");
            AuthApi.me(access).statusCode(200).body("id", equalTo(userId));
            String refresh = first.extract().path("refreshToken");
            AuthApi.refresh(refresh).statusCode(200).body("user.id", equalTo(userId));

            // the same subject again, renamed at the provider: the same user, the new display name
            redeem(codeFlow("alpha", subject, claims(name, "Ada Lovelace"))).statusCode(200)
                    .body("user.id", equalTo(userId)).body("user.displayName", equalTo("Ada Lovelace"));

            given().when().get("/q/metrics").then().statusCode(200)
                    .body(containsString("parley_auth_oidc_provisioned_total{provider=\"alpha\"}"))
                    .body(containsString("parley_auth_oidc_signins_total{kind=\"code\",outcome=\"success\","
                            + "provider=\"alpha\"}"));
            topic.awaitRecord(userId, AuthUsers.USER_UPDATED);
            assertEquals(List.of(AuthUsers.USER_REGISTERED, AuthUsers.USER_UPDATED),
                    topic.recordsOf(userId).stream().map(Envelope::type).toList());
            Envelope registered = topic.recordsOf(userId).get(0);
            assertEquals(name, registered.data().get("user").get("username").asText());
        }
        // no password: the account cannot be entered with one
        AuthApi.login(name, AuthApi.PASSWORD).statusCode(401);
    }

    @Test
    void aClashingUsernameGetsASuffixAndNeverTakesOverTheAccount() throws Exception {
        String name = AuthApi.uniqueName("clash");
        String localId = AuthApi.registered(name);

        String alphaUser = redeem(codeFlow("alpha", UUID.randomUUID().toString(), claims(name, "Impostor")))
                .statusCode(200).body("user.username", equalTo(name + "-2")).extract().path("user.id");
        String betaUser = redeem(codeFlow("beta", UUID.randomUUID().toString(), claims(name, "Other")))
                .statusCode(200).body("user.username", equalTo(name + "-3")).extract().path("user.id");

        assertNotEquals(localId, alphaUser);
        assertNotEquals(alphaUser, betaUser);
        // the local account is untouched and keeps working
        AuthApi.login(name, AuthApi.PASSWORD).statusCode(200).body("user.id", equalTo(localId))
                .body("user.displayName", equalTo(name));
    }

    @Test
    void theAdminClaimGrantsAdminAndFollowsTheProvider() throws Exception {
        String subject = UUID.randomUUID().toString();
        Map<String, Object> admin = claims(AuthApi.uniqueName("boss"), "Boss");
        admin.put("groups", List.of("staff", ADMIN_GROUP));
        redeem(codeFlow("alpha", subject, admin)).statusCode(200).body("user.roles", hasItem("admin"));

        Map<String, Object> demoted = new HashMap<>(admin);
        demoted.put("groups", List.of("staff"));
        redeem(codeFlow("alpha", subject, demoted)).statusCode(200).body("user.roles", not(hasItem("admin")));
    }

    @Test
    void anUnknownOrReusedStateIsRefused() throws Exception {
        URI callback = authorize("alpha");
        String forged = callback.getRawQuery().replaceAll("state=[^&]+", "state=forged");
        assertRefused(callbackTo(callback.getRawPath() + "?" + forged), "UNAUTHENTICATED");

        String used = finish("alpha", UUID.randomUUID().toString(), claims(AuthApi.uniqueName("st"), "S"), callback);
        assertTrue(used.contains("#oidc-code="), used);
        assertRefused(callbackTo(callback.getRawPath() + "?" + callback.getRawQuery()), "UNAUTHENTICATED");
        // a state of one provider does not finish a sign-in at another
        URI alpha = authorize("alpha");
        assertRefused(callbackTo("/api/auth/oidc/beta/callback?" + alpha.getRawQuery()), "UNAUTHENTICATED");
        assertRefused(callbackTo("/api/auth/oidc/alpha/callback?code=abc"), "UNAUTHENTICATED");
    }

    @Test
    void aCallbackWithoutTheStartingBrowsersCookieIsRefused() throws Exception {
        // someone's own callback URL sent to another person's browser must not sign that person in (login CSRF)
        URI callback = authorize("alpha");
        assertRefused(callbackFrom(pathAndQuery(callback), null), "UNAUTHENTICATED");
        assertRefused(callbackFrom(pathAndQuery(callback), "another-browsers-state"), "UNAUTHENTICATED");
        String page = finish("alpha", UUID.randomUUID().toString(), claims(AuthApi.uniqueName("csrf"), "C"),
                callback);
        assertTrue(page.contains("#oidc-code="), page);
    }

    @Test
    void anIdTokenWithAnotherSignInsNonceIsRefused() throws Exception {
        // two sign-ins started; the provider is sent the first one's nonce with the second one's state and PKCE
        // challenge, so the code exchange works and only the nonce is wrong
        URI first = startUri("alpha");
        URI second = startUri("alpha");
        String query = first.getRawQuery()
                .replaceAll("state=[^&]+", "state=" + param(second, "state"))
                .replaceAll("code_challenge=[^&]+", "code_challenge=" + param(second, "code_challenge"));
        URI callback = providerRedirect(URI.create(first.toString().split("\\?")[0] + "?" + query));
        assertRefused(finish("alpha", UUID.randomUUID().toString(), claims(AuthApi.uniqueName("n"), "N"), callback),
                "UNAUTHENTICATED");
    }

    @Test
    void theProvidersErrorAndAnUnknownHandoffCodeAreRefused() throws Exception {
        URI start = startUri("alpha");
        assertRefused(callbackTo("/api/auth/oidc/alpha/callback?error=access_denied&state="
                + param(start, "state")), "UNAUTHENTICATED");
        given().contentType(ContentType.JSON).body(Map.of("code", "not-a-code"))
                .when().post("/api/auth/oidc/redeem").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/auth/oidc/redeem").then().statusCode(400).body("code", equalTo("INVALID"));
    }

    @Test
    void aHandoffCodeWorksOnce() throws Exception {
        String code = codeFlow("alpha", UUID.randomUUID().toString(), claims(AuthApi.uniqueName("once"), "O"));
        redeem(code).statusCode(200);
        redeem(code).statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void tokenExchangeChecksSignatureIssuerAudienceAndExpiry() throws Exception {
        String subject = UUID.randomUUID().toString();
        String name = AuthApi.uniqueName("prog");
        var server = OidcProviderResource.server;
        String good = server.issueToken("alpha", subject, ALPHA_CLIENT, claims(name, "Program"), 300).serialize();
        String userId = exchange("alpha", good).statusCode(200).body("user.username", equalTo(name))
                .extract().path("user.id");
        // the same subject through the code flow is the same user
        redeem(codeFlow("alpha", subject, claims(name, "Program"))).statusCode(200).body("user.id", equalTo(userId));

        assertUnauthenticated(exchange("alpha",
                server.issueToken("alpha", subject, "someone-else", claims(name, "P"), 300).serialize()));
        assertUnauthenticated(exchange("alpha",
                server.issueToken("alpha", subject, ALPHA_CLIENT, claims(name, "P"), -600).serialize()));
        // a token of an issuer not configured as alpha, and one of the other configured provider
        assertUnauthenticated(exchange("alpha",
                server.issueToken("gamma", subject, ALPHA_CLIENT, claims(name, "P"), 300).serialize()));
        assertUnauthenticated(exchange("alpha",
                server.issueToken("beta", subject, ALPHA_CLIENT, claims(name, "P"), 300).serialize()));
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(server.issuerUrl("alpha").toString())
                .subject(subject).audience(ALPHA_CLIENT).expirationTime(new Date(System.currentTimeMillis() + 300_000))
                .build();
        assertUnauthenticated(exchange("alpha", new PlainJWT(claims).serialize()));
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims);
        hmac.sign(new MACSigner("a shared secret that is at least 256 bits long!!"));
        assertUnauthenticated(exchange("alpha", hmac.serialize()));
        assertUnauthenticated(exchange("alpha", "not.a.jwt"));
    }

    @Test
    void aBannedUserCannotGetInThroughTheProvider() throws Exception {
        String subject = UUID.randomUUID().toString();
        String name = AuthApi.uniqueName("banned");
        String userId = exchange("alpha", OidcProviderResource.server.issueToken("alpha", subject, ALPHA_CLIENT,
                claims(name, "B"), 300).serialize()).statusCode(200).extract().path("user.id");
        String admin = AuthApi.uniqueName("admin");
        adminBootstrap.ensureAdmin(admin, AuthApi.PASSWORD);
        given().auth().oauth2(AuthApi.session(admin).accessToken()).when().post("/api/auth/users/" + userId + "/ban")
                .then().statusCode(204);

        exchange("alpha", OidcProviderResource.server.issueToken("alpha", subject, ALPHA_CLIENT, claims(name, "B"),
                300).serialize()).statusCode(403).body("code", equalTo("FORBIDDEN"));
        assertRefused(finish("alpha", subject, claims(name, "B"), authorize("alpha")), "FORBIDDEN");
    }

    @Test
    void backChannelLogoutRevokesRefreshTokensAndClosesSockets() throws Exception {
        String subject = UUID.randomUUID().toString();
        var server = OidcProviderResource.server;
        ValidatableResponse signedIn = exchange("alpha",
                server.issueToken("alpha", subject, ALPHA_CLIENT, claims(AuthApi.uniqueName("out"), "O"), 300)
                        .serialize()).statusCode(200);
        String userId = signedIn.extract().path("user.id");
        String refresh = signedIn.extract().path("refreshToken");

        // not a logout token (an ID token has no back-channel logout event), and one for another audience
        backchannelLogout("alpha", server.issueToken("alpha", subject, ALPHA_CLIENT, Map.of(), 300).serialize())
                .statusCode(400).body("code", equalTo("INVALID"));
        backchannelLogout("alpha", logoutToken(subject, "someone-else")).statusCode(400);
        refresh = AuthApi.refresh(refresh).statusCode(200).extract().path("refreshToken");

        try (TopicTail commands = new TopicTail(kafkaClients, "session.commands")) {
            backchannelLogout("alpha", logoutToken(subject, ALPHA_CLIENT)).statusCode(200);
            Envelope disconnect = commands.awaitRecord(userId, "user.disconnect");
            assertEquals(4009, disconnect.data().get("code").asInt());
            assertEquals(userId, disconnect.data().get("userId").asText());
        }
        AuthApi.refresh(refresh).statusCode(401);
    }

    @Test
    void aLogoutTokenNamingTheProviderSessionEndsTheSessionsSignedInWithIt() throws Exception {
        String sid = "session-" + UUID.randomUUID();
        Map<String, Object> claims = claims(AuthApi.uniqueName("sid"), "S");
        claims.put("sid", sid);
        ValidatableResponse signedIn = redeem(codeFlow("alpha", UUID.randomUUID().toString(), claims))
                .statusCode(200);
        String refresh = signedIn.extract().path("refreshToken");

        // sub of nobody known here: only the sid, recorded from the ID token, names the user
        String token = OidcProviderResource.server.issueToken("alpha", UUID.randomUUID().toString(), ALPHA_CLIENT,
                Map.of("events", Map.of(BACKCHANNEL_EVENT, Map.of()), "jti", UUID.randomUUID().toString(),
                        "sid", sid), 120).serialize();
        backchannelLogout("alpha", token).statusCode(200);
        AuthApi.refresh(refresh).statusCode(401);
    }

    // --- the browser's hops ---

    /** The whole code flow for a subject with these claims at the provider; the page's one-time code. */
    private static String codeFlow(String provider, String subject, Map<String, Object> claims) throws Exception {
        String page = finish(provider, subject, claims, authorize(provider));
        assertTrue(page.startsWith(PUBLIC_BASE + "/#oidc-code="), page);
        return page.substring(page.indexOf('=') + 1);
    }

    /**
     * The callback, after which auth-service calls the provider's token endpoint: the provider's tokens for that
     * call are for the subject with these claims (the provider takes them in order, whatever the state).
     */
    private static String finish(String provider, String subject, Map<String, Object> claims, URI callback) {
        OidcProviderResource.server.enqueueCallback(new DefaultOAuth2TokenCallback(provider, subject, "JWT", null,
                claims, 3600));
        return callbackTo(pathAndQuery(callback));
    }

    /** Starts a sign-in and lets the provider sign someone in: the callback URL it redirects the browser to. */
    private static URI authorize(String provider) throws Exception {
        return providerRedirect(startUri(provider));
    }

    private static URI startUri(String provider) {
        var response = given().redirects().follow(false).when().get("/api/auth/oidc/" + provider + "/start")
                .then().statusCode(303).header("Cache-Control", "no-store").extract();
        URI uri = URI.create(response.header("Location"));
        assertEquals("S256", param(uri, "code_challenge_method"));
        assertEquals(param(uri, "state"), response.cookie(STATE_COOKIE));
        assertTrue(response.header("Set-Cookie").contains("HttpOnly"), response.header("Set-Cookie"));
        return uri;
    }

    private static URI providerRedirect(URI authorize) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(authorize).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, response.statusCode(), response.body());
        URI callback = URI.create(response.headers().firstValue("Location").orElseThrow());
        assertTrue(callback.toString().startsWith(PUBLIC_BASE + "/api/auth/oidc/"), callback.toString());
        return callback;
    }

    /**
     * The callback as the gateway would forward it, from the browser that started the sign-in (its state cookie
     * holds the state it started with); the page URL it redirects to.
     */
    private static String callbackTo(String pathAndQuery) {
        return callbackFrom(pathAndQuery, param(URI.create(pathAndQuery), "state"));
    }

    /** @param stateCookie the browser's state cookie, null for none */
    private static String callbackFrom(String pathAndQuery, String stateCookie) {
        var request = given().redirects().follow(false).urlEncodingEnabled(false);
        if (stateCookie != null) {
            request = request.cookie(STATE_COOKIE, stateCookie);
        }
        return request.when().get(pathAndQuery).then().statusCode(303).header("Cache-Control", "no-store")
                .extract().header("Location");
    }

    private static void assertRefused(String page, String code) {
        assertTrue(page.startsWith(PUBLIC_BASE + "/#oidc-error=" + code + "&message="), page);
        assertTrue(!page.contains("oidc-code"), page);
    }

    private static ValidatableResponse redeem(String code) {
        return given().contentType(ContentType.JSON).body(Map.of("code", code))
                .when().post("/api/auth/oidc/redeem").then();
    }

    private static ValidatableResponse exchange(String provider, String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token))
                .when().post("/api/auth/oidc/" + provider + "/token").then();
    }

    private static ValidatableResponse backchannelLogout(String provider, String logoutToken) {
        return given().contentType(ContentType.URLENC).formParam("logout_token", logoutToken)
                .when().post("/api/auth/oidc/" + provider + "/backchannel-logout").then();
    }

    private static String logoutToken(String subject, String audience) {
        return OidcProviderResource.server.issueToken("alpha", subject, audience, Map.of(
                "events", Map.of(BACKCHANNEL_EVENT, Map.of()), "jti", UUID.randomUUID().toString()), 120).serialize();
    }

    private static void assertUnauthenticated(ValidatableResponse response) {
        response.statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    private static Map<String, Object> claims(String username, String name) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("preferred_username", username);
        claims.put("name", name);
        return claims;
    }

    private static String pathAndQuery(URI uri) {
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private static String param(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
