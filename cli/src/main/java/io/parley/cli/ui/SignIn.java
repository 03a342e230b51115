package io.parley.cli.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.cli.net.ApiException;
import io.parley.cli.net.CredentialStore;
import io.parley.cli.net.GatewayApi;
import io.parley.cli.net.Tokens;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Before the full screen: the saved refresh token if it still works, else a prompt to log in or register (the
 * password is not echoed). Blocking is fine here: nothing else runs yet.
 */
public final class SignIn {
    private final Terminal terminal;
    private final GatewayApi api;
    private final CredentialStore store;
    private final Tokens tokens;
    private final String server;

    public SignIn(Terminal terminal, GatewayApi api, CredentialStore store, Tokens tokens, String server) {
        this.terminal = terminal;
        this.api = api;
        this.store = store;
        this.tokens = tokens;
        this.server = server;
    }

    /** True once signed in; false when the user gave up (Ctrl-C, Ctrl-D). */
    public boolean run() throws IOException, InterruptedException {
        PrintWriter out = terminal.writer();
        Optional<CredentialStore.Saved> saved = store.load(server);
        if (saved.isPresent()) {
            try {
                tokens.accept(api.refresh(saved.get().refreshToken()).get());
                return true;
            } catch (ExecutionException e) {
                ApiException failure = GatewayApi.cause(e);
                if (failure.status() == 401) {
                    store.forget(server);
                    out.println("The saved sign-in for " + saved.get().username() + " has expired.");
                } else {
                    out.println("Cannot reach " + server + ": " + failure.describe());
                    out.flush();
                    return false;
                }
            }
        }
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
        out.println("Parley at " + server + " — sign in, or type 'new' as the username to register.");
        out.flush();
        try {
            while (true) {
                String username = reader.readLine("Username: ").trim();
                boolean register = username.equalsIgnoreCase("new");
                if (register) {
                    username = reader.readLine("New username: ").trim();
                }
                String password = reader.readLine("Password: ", (char) 0);
                try {
                    if (register) {
                        String again = reader.readLine("Password again: ", (char) 0);
                        if (!again.equals(password)) {
                            out.println("The passwords differ; try again.");
                            out.flush();
                            continue;
                        }
                        api.register(username, password).get();
                    }
                    JsonNode answer = api.login(username, password).get();
                    tokens.accept(answer);
                    return true;
                } catch (ExecutionException e) {
                    ApiException failure = GatewayApi.cause(e);
                    out.println(switch (failure.code()) {
                        case "UNAUTHENTICATED" -> "Wrong username or password.";
                        case "CONFLICT" -> "That username is taken.";
                        case "RATE_LIMITED" -> "Too many attempts; wait a while.";
                        default -> failure.describe();
                    });
                    out.flush();
                }
            }
        } catch (UserInterruptException | EndOfFileException e) {
            return false;
        }
    }
}
