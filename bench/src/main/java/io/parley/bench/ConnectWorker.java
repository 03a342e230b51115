package io.parley.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A forked connect client: opens its share of the sockets (lines FROM..TO of the token file, {@code -} for none),
 * prints one JSON line with its figures, keeps the sockets open until its stdin closes, then closes them. Forked
 * because one process may hold at most 20,000 file descriptors here.
 */
public final class ConnectWorker {

    private ConnectWorker() {
    }

    /** args: wsUri tokenFile from to concurrency */
    public static void main(String[] args) throws Exception {
        URI wsUri = URI.create(args[0]);
        List<String> tokens = Files.readAllLines(Path.of(args[1]));
        int from = Integer.parseInt(args[2]);
        int to = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(60_000));
        SocketPool pool = SocketPool.open(vertx, wsUri, to - from, i -> {
            String token = tokens.get(from + i);
            return token.equals("-") ? null : token;
        }, concurrency);
        pool.keepAlive(20_000);
        ObjectMapper json = new ObjectMapper();
        ObjectNode report = json.createObjectNode()
                .put("opened", pool.opened())
                .put("startMicros", pool.startMicros())
                .put("endMicros", pool.endMicros())
                .put("histogram", pool.handshakes().encode());
        report.set("failures", json.valueToTree(pool.failures()));
        System.out.println(json.writeValueAsString(report));
        System.out.flush();
        // hold the sockets until the parent has read the server's memory
        while (System.in.read() >= 0) {
            // the parent only closes stdin
        }
        pool.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
        System.exit(0);
    }
}
