package io.parley.gateway.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * auth-service's JWKS as a test controls it: signing keys generated per run, a key set that can be rotated while the
 * gateway runs, and a count of every fetch. The gateway is pointed at it by {@link Resource} (a port picked before
 * the gateway starts, passed on as a system property so the test's own class loader serves it).
 */
public final class JwksDouble {

    public static final String PORT_PROPERTY = "parley.test.jwks-port";
    private static JwksDouble instance;

    private final int port;
    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile Map<String, KeyPair> served = Map.of();

    /** Points mp.jwt.verify.publickey.location at the port where {@link #current()} serves the JWKS. */
    public static class Resource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            int port = freePort();
            System.setProperty(PORT_PROPERTY, Integer.toString(port));
            return Map.of("mp.jwt.verify.publickey.location", "http://127.0.0.1:" + port + "/jwks");
        }

        @Override
        public void stop() {
            // the server belongs to the test class loader; current() replaces it when the port changes
        }
    }

    /** Points the gateway at a JWKS URL where nothing listens: every connection is refused. */
    public static class Unreachable implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("mp.jwt.verify.publickey.location", "http://127.0.0.1:" + freePort() + "/jwks");
        }

        @Override
        public void stop() {
            // nothing was started
        }
    }

    public static synchronized JwksDouble current() {
        int port = Integer.getInteger(PORT_PROPERTY);
        if (instance == null || instance.port != port) {
            if (instance != null) {
                instance.server.stop(0);
            }
            instance = new JwksDouble(port);
        }
        return instance;
    }

    private JwksDouble(int port) {
        this.port = port;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("the JWKS double cannot listen on " + port, e);
        }
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = jwks().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** From now on the JWKS holds exactly these keys (kid → key pair). */
    public void serve(Map<String, KeyPair> keys) {
        served = Map.copyOf(keys);
    }

    /** Every GET of the JWKS so far. */
    public int fetches() {
        return fetches.get();
    }

    private String jwks() {
        JsonArray keys = new JsonArray();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        new LinkedHashMap<>(served).forEach((kid, pair) -> {
            RSAPublicKey key = (RSAPublicKey) pair.getPublic();
            keys.add(new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", "RS256")
                    .put("n", b64.encodeToString(unsigned(key.getModulus().toByteArray())))
                    .put("e", b64.encodeToString(unsigned(key.getPublicExponent().toByteArray()))));
        });
        return new JsonObject().put("keys", keys).encode();
    }

    private static byte[] unsigned(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid access token (15 min) of a fresh user, signed with the key and carrying the kid given. */
    public static String token(KeyPair key, String kid) {
        String userId = UUID.randomUUID().toString();
        return Jwt.issuer(Tokens.ISSUER)
                .subject(userId)
                .upn("user-" + userId.substring(0, 8))
                .groups(Set.of("user"))
                .issuedAt(Instant.now().minusSeconds(1))
                .expiresAt(Instant.now().plusSeconds(900))
                .claim("jti", UUID.randomUUID().toString())
                .jws().keyId(kid).sign(key.getPrivate());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
