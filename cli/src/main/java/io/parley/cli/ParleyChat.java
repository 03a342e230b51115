package io.parley.cli;

import io.parley.cli.net.CredentialStore;
import io.parley.cli.net.GatewayApi;
import io.parley.cli.net.Tokens;
import io.parley.cli.net.Trace;
import io.parley.cli.ui.ChatApp;
import io.parley.cli.ui.SignIn;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** {@code ./parley chat [--url URL]}: signs in (or reuses the saved sign-in) and opens the full-screen client. */
public final class ParleyChat {
    private ParleyChat() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv().getOrDefault("PARLEY_URL", "http://localhost:8080");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> {
                    if (i + 1 >= args.length) {
                        usage(2);
                    }
                    url = args[++i];
                }
                case "--trace" -> {
                    if (i + 1 >= args.length) {
                        usage(2);
                    }
                    Trace.to(Path.of(args[++i]));
                }
                case "-h", "--help" -> usage(0);
                default -> usage(64);
            }
        }
        URI base;
        try {
            base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            System.err.println("parley chat: --url must be an http(s) URL of a gateway, e.g. http://localhost:8080");
            System.exit(64);
            return;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        GatewayApi api = new GatewayApi(base, http);
        CredentialStore store = new CredentialStore(CredentialStore.defaultDirectory(System.getenv()));
        Tokens tokens = new Tokens(api, store, base.toString(), Clock.systemUTC());
        try (Terminal terminal = TerminalBuilder.builder().name("parley").system(true).build()) {
            if (!new SignIn(terminal, api, store, tokens, base.toString()).run()) {
                System.exit(1);
            }
            new ChatApp(terminal, api, tokens).run();
        }
        System.exit(0);
    }

    private static void usage(int status) {
        (status == 0 ? System.out : System.err).println("usage: parley chat [--url URL] [--trace FILE]\n"
                + "  --url    the gateway (default $PARLEY_URL or http://localhost:8080)\n"
                + "  --trace  append every frame in and out to FILE (tokens left out), to see what happened");
        System.exit(status);
    }
}
