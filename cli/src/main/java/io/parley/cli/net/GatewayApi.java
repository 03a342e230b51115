package io.parley.cli.net;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The gateway's REST API ({@code /api/...}) over the JDK's HTTP client, asynchronous so the UI never waits on the
 * network. A call answered 401 renews the access token once and is retried.
 */
public final class GatewayApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Uploads and downloads may take long; only an idle connection is given up on (the HTTP client's own). */
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(10);

    private final URI base;
    private final HttpClient http;
    private Supplier<String> accessToken = () -> null;
    private Supplier<CompletableFuture<Void>> renew = () -> CompletableFuture.failedFuture(
            new ApiException(401, "UNAUTHENTICATED", "not signed in"));

    public GatewayApi(URI base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    public URI base() {
        return base;
    }

    public HttpClient http() {
        return http;
    }

    /** Where calls get their bearer token and how a 401 renews it. */
    public void authenticateWith(Supplier<String> accessToken, Supplier<CompletableFuture<Void>> renew) {
        this.accessToken = accessToken;
        this.renew = renew;
    }

    // ---- without a token ----------------------------------------------------------------------------------------

    public CompletableFuture<JsonNode> login(String username, String password) {
        return send(json("POST", "/api/auth/login", Map.of("username", username, "password", password), null));
    }

    public CompletableFuture<JsonNode> register(String username, String password) {
        return send(json("POST", "/api/auth/register", Map.of("username", username, "password", password), null));
    }

    public CompletableFuture<JsonNode> refresh(String refreshToken) {
        return send(json("POST", "/api/auth/refresh", Map.of("refreshToken", refreshToken), null));
    }

    public CompletableFuture<JsonNode> logout(String refreshToken) {
        return send(json("POST", "/api/auth/logout", Map.of("refreshToken", refreshToken), null));
    }

    // ---- with the access token ----------------------------------------------------------------------------------

    public CompletableFuture<JsonNode> get(String path) {
        return authorized(token -> json("GET", path, null, token));
    }

    public CompletableFuture<JsonNode> post(String path, Object body) {
        return authorized(token -> json("POST", path, body, token));
    }

    public CompletableFuture<JsonNode> delete(String path) {
        return authorized(token -> json("DELETE", path, null, token));
    }

    /** {@code POST /api/media}, multipart field {@code file}, streamed from the path. */
    public CompletableFuture<JsonNode> upload(Path file) {
        String boundary = "parley-" + UUID.randomUUID();
        String name = file.getFileName().toString().replace("\"", "_").replace("\r", "_").replace("\n", "_");
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return authorized(token -> {
            List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
            parts.add(HttpRequest.BodyPublishers.ofByteArray(head));
            try {
                parts.add(HttpRequest.BodyPublishers.ofFile(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            parts.add(HttpRequest.BodyPublishers.ofByteArray(tail));
            return HttpRequest.newBuilder(base.resolve("/api/media")).timeout(TRANSFER_TIMEOUT)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new))).build();
        });
    }

    /** {@code GET /api/media/{id}} into {@code target} (written to a temporary file beside it, then moved). */
    public CompletableFuture<Long> download(String mediaId, Path target) {
        Path dir = target.toAbsolutePath().getParent();
        return withRenewal(() -> {
            Path temp;
            try {
                temp = Files.createTempFile(dir, ".parley-download", ".part");
            } catch (IOException e) {
                return CompletableFuture.failedFuture(new ApiException(0, "INVALID", "cannot write in " + dir));
            }
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/media/" + encode(mediaId)))
                    .timeout(TRANSFER_TIMEOUT).header("Authorization", "Bearer " + accessToken.get()).GET().build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofFile(temp)).handle((response, failure) -> {
                try {
                    if (failure != null) {
                        throw unavailable(failure);
                    }
                    if (response.statusCode() != 200) {
                        throw error(response.statusCode(), readQuietly(temp));
                    }
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                    return Files.size(target);
                } catch (IOException e) {
                    throw new CompletionException(new ApiException(0, "INVALID", "cannot write " + target));
                } finally {
                    try {
                        Files.deleteIfExists(temp);
                    } catch (IOException ignored) {
                        // a leftover .part file is harmless
                    }
                }
            });
        });
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- plumbing -----------------------------------------------------------------------------------------------

    private interface RequestFor {
        HttpRequest build(String token);
    }

    private CompletableFuture<JsonNode> authorized(RequestFor request) {
        return withRenewal(() -> send(request.build(accessToken.get())));
    }

    /** Runs the call; on 401 renews the token once and runs it again. */
    private <T> CompletableFuture<T> withRenewal(Supplier<CompletableFuture<T>> call) {
        return call.get().handle((value, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof ApiException api && api.status() == 401) {
                return renew.get().thenCompose(v -> call.get());
            }
            return failure == null ? CompletableFuture.completedFuture(value)
                    : CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    private HttpRequest json(String method, String path, Object body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            try {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        } else {
            b.method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.ofString("{}")
                    : HttpRequest.BodyPublishers.noBody());
            if ("POST".equals(method)) {
                b.header("Content-Type", "application/json");
            }
        }
        return b.build();
    }

    private CompletableFuture<JsonNode> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
            if (failure != null) {
                throw unavailable(failure);
            }
            if (response.statusCode() >= 400) {
                throw error(response.statusCode(), response.body());
            }
            if (response.body().length == 0) {
                return MissingNode.getInstance();
            }
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new CompletionException(new ApiException(response.statusCode(), "INTERNAL",
                        "the server's answer is not JSON"));
            }
        });
    }

    private static CompletionException unavailable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof ApiException api) {
            return new CompletionException(api);
        }
        return new CompletionException(new ApiException(0, "UNAVAILABLE",
                "cannot reach the server (" + cause.getClass().getSimpleName() + ")"));
    }

    private static CompletionException error(int status, byte[] body) {
        String code = status == 429 ? "RATE_LIMITED" : status >= 500 ? "UNAVAILABLE" : "HTTP_" + status;
        String message = "HTTP " + status;
        try {
            JsonNode node = JSON.readTree(body);
            code = node.path("code").asText(code);
            message = node.path("message").asText(message);
        } catch (IOException | RuntimeException ignored) {
            // not the contract's error body (a proxy's page): keep the status
        }
        return new CompletionException(new ApiException(status, code, message));
    }

    private static byte[] readQuietly(Path file) {
        try {
            return Files.size(file) > 65536 ? new byte[0] : Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** Unwraps the ApiException a failed future carries (or describes another failure as UNAVAILABLE). */
    public static ApiException cause(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof ApiException api ? api : new ApiException(0, "UNAVAILABLE", String.valueOf(t.getMessage()));
    }
}
