package io.parley.gateway.rest;

import io.parley.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/openapi}: one OpenAPI document for every {@code /api/*} route a client can call through the gateway,
 * merged from the services' own documents ({@code /q/openapi?format=json}, smallrye-openapi).
 * <p>
 * Merged on the first request and cached for {@link #CACHE}, not at build time (the gateway's build would need the
 * other services built first, and the document would describe the versions built with it rather than the ones
 * deployed) nor at start-up (the services may still be starting; a request is when a client wants it). A service that
 * does not answer leaves its routes out, is named in {@code x-parley-missing}, and the document is not cached.
 * <p>
 * Only paths the gateway routes to the service that declares them are kept (the proxy's prefixes, {@link #OWNERS}):
 * {@code /internal/*}, {@code /q/*} and anything else are left out. Paths are the same through the gateway (the proxy
 * does not rewrite them). A schema or security scheme named alike in two services with different definitions is
 * renamed {@code <service>.<name>} in the second, with its references.
 */
@ApplicationScoped
public class OpenApiDocument {

    private static final Logger LOG = Logger.getLogger(OpenApiDocument.class);
    /** The /api prefixes each service owns, as ApiProxy routes them. */
    static final Map<String, Set<String>> OWNERS = Map.of(
            "auth-service", Set.of("auth", "bots"),
            "chat-service", Set.of("channels", "dms", "search", "hooks", "webhooks", "subscriptions", "commands"),
            "session-service", Set.of("sessions", "calls", "presence", "admin"),
            "media-service", Set.of("media"));
    static final Duration CACHE = Duration.ofMinutes(5);

    private final Map<String, String> services;
    private volatile JsonObject cached;
    private volatile long cachedUntil;

    public OpenApiDocument(GatewayConfig config) {
        GatewayConfig.Services s = config.services();
        this.services = orderedServices(s.auth(), s.chat(), s.session(), s.media());
    }

    static Map<String, String> orderedServices(String auth, String chat, String session, String media) {
        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put("auth-service", auth);
        ordered.put("chat-service", chat);
        ordered.put("session-service", session);
        ordered.put("media-service", media);
        return ordered;
    }

    void routes(@Observes Router router, Vertx vertx) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2000));
        // before the /api/* proxy (order -10), which would answer 404 for a prefix no service owns
        router.get("/api/openapi").order(-20).handler(ctx -> {
            JsonObject document = cached;
            Future<JsonObject> answer = document != null && System.nanoTime() < cachedUntil
                    ? Future.succeededFuture(document)
                    : fetch(client, services).onSuccess(merged -> {
                        if (!merged.containsKey("x-parley-missing")) {
                            cached = merged;
                            cachedUntil = System.nanoTime() + CACHE.toNanos();
                        }
                    });
            answer.onComplete(result -> ctx.response().putHeader("Content-Type", "application/json")
                    .end(result.result().encode()));
        });
    }

    /** Fetches each service's document (a failure is an absent document) and merges them; never fails. */
    static Future<JsonObject> fetch(HttpClient client, Map<String, String> services) {
        Map<String, Future<JsonObject>> fetches = new LinkedHashMap<>();
        services.forEach((service, base) -> fetches.put(service, fetchOne(client, base)
                .otherwise(failure -> {
                    LOG.warnf("OpenAPI document of %s (%s) not available: %s", service, base, failure.getMessage());
                    return null;
                })));
        return Future.join(new ArrayList<>(fetches.values())).transform(done -> {
            Map<String, JsonObject> documents = new LinkedHashMap<>();
            fetches.forEach((service, future) -> documents.put(service, future.result()));
            return Future.succeededFuture(merge(documents));
        });
    }

    private static Future<JsonObject> fetchOne(HttpClient client, String base) {
        URI uri = URI.create(base);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : 80).setURI("/q/openapi?format=json")
                .putHeader("Accept", "application/json").setTimeout(5000);
        return client.request(options).compose(request -> request.send()).compose(response -> {
            if (response.statusCode() != 200) {
                return Future.failedFuture("HTTP " + response.statusCode());
            }
            return response.body().map(body -> new JsonObject(body));
        });
    }

    /** One document of the services' documents (null: not available), in the order given. */
    static JsonObject merge(Map<String, JsonObject> documents) {
        JsonObject paths = new JsonObject();
        JsonObject schemas = new JsonObject();
        JsonObject securitySchemes = new JsonObject();
        JsonArray tags = new JsonArray();
        JsonArray missing = new JsonArray();
        documents.forEach((service, document) -> {
            if (document == null) {
                missing.add(service);
                return;
            }
            JsonObject doc = document.copy();
            JsonObject components = doc.getJsonObject("components", new JsonObject());
            renameClashes(doc, service, "schemas", components.getJsonObject("schemas"), schemas);
            renameClashes(doc, service, "securitySchemes", components.getJsonObject("securitySchemes"), securitySchemes);
            components = doc.getJsonObject("components", new JsonObject());
            components.getJsonObject("schemas", new JsonObject()).forEach(e -> schemas.put(e.getKey(), e.getValue()));
            components.getJsonObject("securitySchemes", new JsonObject())
                    .forEach(e -> securitySchemes.put(e.getKey(), e.getValue()));
            doc.getJsonObject("paths", new JsonObject()).forEach(e -> {
                if (routedTo(service, e.getKey()) && !paths.containsKey(e.getKey())) {
                    paths.put(e.getKey(), e.getValue());
                }
            });
            doc.getJsonArray("tags", new JsonArray()).forEach(tag -> {
                if (!tags.contains(tag)) {
                    tags.add(tag);
                }
            });
        });
        JsonObject merged = new JsonObject()
                .put("openapi", "3.1.0")
                .put("info", new JsonObject().put("title", "Parley API")
                        .put("description", "Every /api route a client can call through the gateway, merged from the "
                                + "services' documents. The WebSocket /ws is described in PROTOCOL.md, not here.")
                        .put("version", "1"))
                .put("servers", new JsonArray().add(new JsonObject().put("url", "/")))
                .put("paths", sorted(paths));
        if (!tags.isEmpty()) {
            merged.put("tags", tags);
        }
        JsonObject components = new JsonObject();
        if (!schemas.isEmpty()) {
            components.put("schemas", sorted(schemas));
        }
        if (!securitySchemes.isEmpty()) {
            components.put("securitySchemes", securitySchemes);
        }
        if (!components.isEmpty()) {
            merged.put("components", components);
        }
        if (!missing.isEmpty()) {
            merged.put("x-parley-missing", missing);
        }
        return merged;
    }

    /** Whether the gateway's proxy sends this path to this service (and so a client can call it). */
    static boolean routedTo(String service, String path) {
        String[] segments = path.split("/", 4);
        return segments.length >= 3 && segments[0].isEmpty() && segments[1].equals("api")
                && OWNERS.getOrDefault(service, Set.of()).contains(segments[2]);
    }

    /**
     * Renames, in {@code doc}, each component of this kind whose name is taken in {@code merged} by a different
     * definition, and rewrites the references to it.
     */
    private static void renameClashes(JsonObject doc, String service, String kind, JsonObject own, JsonObject merged) {
        if (own == null) {
            return;
        }
        Map<String, String> renames = new LinkedHashMap<>();
        for (String name : new ArrayList<>(own.fieldNames())) {
            if (merged.containsKey(name) && !merged.getValue(name).equals(own.getValue(name))) {
                String renamed = service + "." + name;
                renames.put(name, renamed);
                own.put(renamed, own.remove(name));
            }
        }
        if (renames.isEmpty()) {
            return;
        }
        String prefix = "#/components/" + kind + "/";
        rewriteRefs(doc, prefix, renames);
        if (kind.equals("securitySchemes")) {
            renameSecurityRequirements(doc, renames);
        }
    }

    private static void rewriteRefs(Object node, String prefix, Map<String, String> renames) {
        if (node instanceof JsonObject object) {
            Object ref = object.getValue("$ref");
            if (ref instanceof String s && s.startsWith(prefix) && renames.containsKey(s.substring(prefix.length()))) {
                object.put("$ref", prefix + renames.get(s.substring(prefix.length())));
            }
            for (String key : object.fieldNames()) {
                rewriteRefs(object.getValue(key), prefix, renames);
            }
        } else if (node instanceof JsonArray array) {
            for (Object item : array) {
                rewriteRefs(item, prefix, renames);
            }
        }
    }

    /** Security requirements name schemes by key ({@code security: [{name: []}]}), not by $ref. */
    private static void renameSecurityRequirements(Object node, Map<String, String> renames) {
        if (node instanceof JsonObject object) {
            for (String key : new ArrayList<>(object.fieldNames())) {
                Object value = object.getValue(key);
                if (key.equals("security") && value instanceof JsonArray requirements) {
                    for (Object requirement : requirements) {
                        if (requirement instanceof JsonObject r) {
                            for (String name : new ArrayList<>(r.fieldNames())) {
                                if (renames.containsKey(name)) {
                                    r.put(renames.get(name), r.remove(name));
                                }
                            }
                        }
                    }
                } else {
                    renameSecurityRequirements(value, renames);
                }
            }
        } else if (node instanceof JsonArray array) {
            for (Object item : array) {
                renameSecurityRequirements(item, renames);
            }
        }
    }

    private static JsonObject sorted(JsonObject object) {
        JsonObject sorted = new JsonObject();
        List<String> names = new ArrayList<>(object.fieldNames());
        names.sort(null);
        names.forEach(name -> sorted.put(name, object.getValue(name)));
        return sorted;
    }
}
