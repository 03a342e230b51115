package io.parley.chat.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.parley.events.EnvelopeJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.IntUnaryOperator;

/** A real HTTP receiver on 127.0.0.1: records every POST and answers the status its rule gives for the n-th one. */
final class TestReceiver implements AutoCloseable {

    /** One request as received. */
    record Received(String deliveryId, String timestamp, String signature, String body, JsonNode json) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile IntUnaryOperator status;

    TestReceiver(IntUnaryOperator statusOfNth) {
        this.status = statusOfNth;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int n;
            synchronized (received) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("X-Parley-Delivery"),
                        exchange.getRequestHeaders().getFirst("X-Parley-Timestamp"),
                        exchange.getRequestHeaders().getFirst("X-Parley-Signature"), body, parse(body)));
                n = received.size();
            }
            exchange.sendResponseHeaders(status.applyAsInt(n), -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void answer(IntUnaryOperator statusOfNth) {
        this.status = statusOfNth;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private static JsonNode parse(String body) {
        try {
            return EnvelopeJson.mapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
