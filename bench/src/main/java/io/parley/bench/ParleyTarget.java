package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Parley behind its gateway, set up over the public REST API only (PROTOCOL §2): register and log in users, create
 * and join a public channel, open DMs. Each run uses fresh user names, so runs never collide on a kept database.
 */
public final class ParleyTarget implements BenchTarget {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "bench-password-0";
    /** REST calls in flight during set-up (password hashing is the slow part and is CPU-bound on the server). */
    private static final int PARALLEL = 8;
    /** 500 ms apart: a minute for chat-service to see a new user. */
    private static final int USER_PROJECTION_ATTEMPTS = 120;

    private final URI base;
    private final OptionalLong gatewayPid;
    private final String runId = Long.toString(System.currentTimeMillis() / 1000 % 60_466_176L, 36);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ParleyTarget(URI base, OptionalLong gatewayPid) {
        this.base = base;
        this.gatewayPid = gatewayPid;
    }

    @Override
    public String name() {
        return "parley";
    }

    @Override
    public URI wsUri() {
        return URI.create((base.getScheme().equals("https") ? "wss" : "ws") + "://" + base.getHost() + ":"
                + base.getPort() + "/ws");
    }

    @Override
    public List<User> users(String role, int count) throws Exception {
        return parallel(count, i -> {
            String username = "b" + runId + "-" + role + "-" + i;
            String credentials = "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}";
            return call("POST", "/api/auth/register", null, credentials, 201, 409)
                    .thenCompose(registered -> call("POST", "/api/auth/login", null, credentials, 200))
                    .thenApply(login -> new User(login.path("user").path("id").asText(), username,
                            login.path("accessToken").asText()));
        });
    }

    @Override
    public String publicChannel(User owner, List<User> members) throws Exception {
        String channelId = call("POST", "/api/channels", owner.token(),
                "{\"name\":\"bench " + runId + "\",\"visibility\":\"public\"}", 201).get().path("id").asText();
        List<User> joining = members.stream().filter(m -> !m.id().equals(owner.id())).distinct().toList();
        parallel(joining.size(), i -> call("POST", "/api/channels/" + channelId + "/join", joining.get(i).token(),
                "", 204, 200));
        return channelId;
    }

    @Override
    public List<String> directChannels(List<User> a, List<User> b) throws Exception {
        return parallel(a.size(), i -> untilKnown(() -> call("POST", "/api/dms", a.get(i).token(),
                "{\"userId\":\"" + b.get(i).id() + "\"}", 200, 201), USER_PROJECTION_ATTEMPTS)
                .thenApply(channel -> channel.path("id").asText()));
    }

    /** Bots per owner: auth-service's default {@code parley.auth.bots.max-per-owner}. */
    private static final int BOTS_PER_OWNER = 25;

    @Override
    public List<User> bots(String role, int count) throws Exception {
        List<User> owners = users(role + "-owner", (count + BOTS_PER_OWNER - 1) / BOTS_PER_OWNER);
        return parallel(count, i -> {
            String username = "b" + runId + "-" + role + "-" + i;
            return call("POST", "/api/bots", owners.get(i / BOTS_PER_OWNER).token(),
                    "{\"username\":\"" + username + "\"}", 201)
                    .thenCompose(created -> call("POST", "/api/auth/bot-token", null,
                            "{\"token\":\"" + created.path("token").asText() + "\"}", 200)
                            .thenApply(exchanged -> new User(created.path("bot").path("id").asText(), username,
                                    exchanged.path("accessToken").asText())));
        });
    }

    @Override
    public Subscription subscribe(User bot, String channelId, URI url) throws Exception {
        JsonNode created = call("POST", "/api/subscriptions", bot.token(), "{\"botId\":\"" + bot.id()
                + "\",\"url\":\"" + url + "\",\"events\":[\"message.created\"],\"channelIds\":[\"" + channelId
                + "\"]}", 201).get();
        return new Subscription(created.path("subscription").path("id").asText(), created.path("secret").asText());
    }

    /**
     * chat-service learns users from the {@code auth.users} topic, a moment after they register: until then a DM
     * with them answers 404, so the call is retried (every 500 ms, a bounded number of times).
     */
    private CompletableFuture<JsonNode> untilKnown(Supplier<CompletableFuture<JsonNode>> call, int attempts) {
        return call.get().handle((result, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(result);
            }
            if (attempts <= 1 || !String.valueOf(error.getMessage()).contains(" answered 404")) {
                return CompletableFuture.<JsonNode>failedFuture(error);
            }
            return CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> untilKnown(call, attempts - 1));
        }).thenCompose(next -> next);
    }

    @Override
    public OptionalLong serverPid() {
        return gatewayPid;
    }

    @Override
    public void close() {
        // nothing held: the stack, when the bench started it, belongs to ParleyStack
    }

    /** Runs {@code count} calls, {@link #PARALLEL} at a time, and returns their results in order. */
    private <T> List<T> parallel(int count, IntFunction<CompletableFuture<T>> call) throws Exception {
        Semaphore permits = new Semaphore(PARALLEL);
        List<CompletableFuture<T>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            permits.acquire();
            calls.add(call.apply(i).whenComplete((result, error) -> permits.release()));
        }
        List<T> results = new ArrayList<>();
        for (CompletableFuture<T> each : calls) {
            results.add(each.get());
        }
        return results;
    }

    private CompletableFuture<JsonNode> call(String method, String path, String token, String body, int... ok) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            for (int status : ok) {
                if (response.statusCode() == status) {
                    try {
                        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
                    } catch (Exception e) {
                        throw new IllegalStateException(method + " " + path + ": not JSON: " + response.body(), e);
                    }
                }
            }
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        });
    }
}
