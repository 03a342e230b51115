package io.parley.gateway.rest;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The combined OpenAPI document over HTTP, from small documents served as the services serve theirs
 * ({@code /q/openapi?format=json}), without a Quarkus start: internal and management routes left out, routes of a prefix
 * the gateway sends elsewhere left out, clashing schema and security scheme names renamed with their references, and a
 * service that does not answer named in x-parley-missing.
 */
class OpenApiDocumentTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final List<HttpServer> SERVERS = new ArrayList<>();
    private static HttpClient client;

    @BeforeAll
    static void client() {
        client = VERTX.createHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        for (HttpServer server : SERVERS) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        VERTX.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A service double answering its OpenAPI document at /q/openapi?format=json, and 404 for anything else. */
    private static String serve(JsonObject document) throws Exception {
        HttpServer server = VERTX.createHttpServer().requestHandler(request -> {
            if (request.path().equals("/q/openapi") && "json".equals(request.getParam("format"))) {
                request.response().putHeader("Content-Type", "application/json").end(document.encode());
            } else {
                request.response().setStatusCode(404).end();
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        SERVERS.add(server);
        return "http://127.0.0.1:" + server.actualPort();
    }

    private static JsonObject operation(String summary) {
        return new JsonObject().put("get", new JsonObject().put("summary", summary));
    }

    private static JsonObject ref(String schema) {
        return new JsonObject().put("$ref", "#/components/schemas/" + schema);
    }

    private static JsonObject document(String openapi, JsonObject paths, JsonObject schemas, JsonObject schemes) {
        JsonObject components = new JsonObject().put("schemas", schemas);
        if (schemes != null) {
            components.put("securitySchemes", schemes);
        }
        return new JsonObject().put("openapi", openapi).put("info", new JsonObject().put("title", "x").put("version", "1"))
                .put("paths", paths).put("components", components);
    }

    /**
     * On a Vert.x event loop, as the gateway's route runs it: called from the test thread, the client's callbacks could
     * run after a small response's body had already gone by (an empty body, now and then).
     */
    private static JsonObject fetch(Map<String, String> services) throws Exception {
        CompletableFuture<JsonObject> merged = new CompletableFuture<>();
        VERTX.runOnContext(v -> OpenApiDocument.fetch(client, services)
                .onSuccess(merged::complete).onFailure(merged::completeExceptionally));
        return merged.get(20, TimeUnit.SECONDS);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void oneDocumentOfTheClientRoutesOfEveryService() throws Exception {
        JsonObject jwt = new JsonObject().put("type", "http").put("scheme", "bearer");
        String auth = serve(document("3.1.0", new JsonObject()
                        .put("/api/auth/login", new JsonObject().put("post", new JsonObject()
                                .put("requestBody", ref("Credentials")).put("security", new JsonArray())))
                        .put("/api/auth/users", new JsonObject().put("get", new JsonObject().put("security",
                                new JsonArray().add(new JsonObject().put("SecurityScheme", new JsonArray())))))
                        .put("/q/health", operation("management")),
                new JsonObject().put("Credentials", new JsonObject().put("type", "object"))
                        .put("Error", new JsonObject().put("type", "object").put("title", "auth's")),
                new JsonObject().put("SecurityScheme", jwt)));
        String chat = serve(document("3.1.0", new JsonObject()
                        .put("/api/channels/{id}", new JsonObject().put("get", new JsonObject()
                                .put("responses", new JsonObject().put("404", new JsonObject().put("content",
                                        new JsonObject().put("application/json",
                                                new JsonObject().put("schema", ref("Error"))))))
                                .put("security", new JsonArray().add(new JsonObject().put("SecurityScheme", new JsonArray())))))
                        .put("/internal/channels/{id}/access", operation("internal"))
                        // a path of a prefix the gateway sends to another service: a client cannot reach it here
                        .put("/api/media/{id}", operation("not chat's")),
                new JsonObject().put("Error", new JsonObject().put("type", "object").put("title", "chat's")),
                new JsonObject().put("SecurityScheme", new JsonObject().put("type", "apiKey").put("in", "header")
                        .put("name", "X-Other"))));
        String session = serve(document("3.1.0", new JsonObject()
                        .put("/api/sessions", operation("sessions"))
                        .put("/internal/presence", operation("internal")),
                // the same definition under the same name: kept once, not renamed
                new JsonObject().put("Credentials", new JsonObject().put("type", "object")), null));
        String media = "http://127.0.0.1:" + freePort(); // down

        JsonObject merged = fetch(OpenApiDocument.orderedServices(auth, chat, session, media));

        assertEquals("3.1.0", merged.getString("openapi"));
        assertEquals(List.of("/api/auth/login", "/api/auth/users", "/api/channels/{id}", "/api/sessions"),
                new ArrayList<>(merged.getJsonObject("paths").fieldNames()));
        JsonObject schemas = merged.getJsonObject("components").getJsonObject("schemas");
        assertEquals(List.of("Credentials", "Error", "chat-service.Error"), new ArrayList<>(schemas.fieldNames()));
        assertEquals("chat's", schemas.getJsonObject("chat-service.Error").getString("title"));
        assertEquals("auth's", schemas.getJsonObject("Error").getString("title"));
        // chat's reference follows its renamed schema
        assertEquals("#/components/schemas/chat-service.Error", merged.getJsonObject("paths")
                .getJsonObject("/api/channels/{id}").getJsonObject("get").getJsonObject("responses")
                .getJsonObject("404").getJsonObject("content").getJsonObject("application/json")
                .getJsonObject("schema").getString("$ref"));
        // and so does its security requirement, by name
        JsonObject schemes = merged.getJsonObject("components").getJsonObject("securitySchemes");
        assertEquals(jwt, schemes.getJsonObject("SecurityScheme"));
        assertEquals("X-Other", schemes.getJsonObject("chat-service.SecurityScheme").getString("name"));
        assertTrue(merged.getJsonObject("paths").getJsonObject("/api/channels/{id}").getJsonObject("get")
                .getJsonArray("security").getJsonObject(0).containsKey("chat-service.SecurityScheme"));
        assertTrue(merged.getJsonObject("paths").getJsonObject("/api/auth/users").getJsonObject("get")
                .getJsonArray("security").getJsonObject(0).containsKey("SecurityScheme"));
        assertEquals(new JsonArray().add("media-service"), merged.getJsonArray("x-parley-missing"));
        assertFalse(merged.encode().contains("/internal"), merged.encode());
        assertFalse(merged.encode().contains("/q/"), merged.encode());
    }

    @Test
    void allServicesAnsweringGiveADocumentWithoutMissingOnes() throws Exception {
        String one = serve(document("3.0.3", new JsonObject().put("/api/media", operation("upload")),
                new JsonObject(), null));
        JsonObject merged = fetch(Map.of("media-service", one));
        assertNull(merged.getValue("x-parley-missing"));
        assertEquals(List.of("/api/media"), new ArrayList<>(merged.getJsonObject("paths").fieldNames()));
    }

    @Test
    void onlyTheProxysRoutesCount() {
        assertTrue(OpenApiDocument.routedTo("chat-service", "/api/dms"));
        assertTrue(OpenApiDocument.routedTo("session-service", "/api/admin/sessions/{id}"));
        assertFalse(OpenApiDocument.routedTo("chat-service", "/api/auth/login"));
        assertFalse(OpenApiDocument.routedTo("chat-service", "/internal/channels/{id}/events"));
        assertFalse(OpenApiDocument.routedTo("auth-service", "/q/openapi"));
        assertFalse(OpenApiDocument.routedTo("auth-service", "/api"));
    }
}
