package io.parley.cli.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.cli.model.Channel;
import io.parley.cli.model.ChatModel;
import io.parley.cli.model.InputLine;
import io.parley.cli.model.Outbox;
import io.parley.cli.net.ApiException;
import io.parley.cli.net.GatewayApi;
import io.parley.cli.net.LiveSocket;
import io.parley.cli.net.Tokens;
import io.parley.cli.net.Trace;
import io.parley.cli.view.Palette;
import io.parley.cli.view.ScreenRenderer;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The full-screen client: one UI thread owns the model, applies frames and answers, handles keys and redraws; a
 * reader thread turns key presses into tasks for it; the network calls are asynchronous and report back to it.
 */
public final class ChatApp implements LiveSocket.Listener {
    private static final int HISTORY_PAGE = 50;
    /** A send the gateway had no answer to (UNAVAILABLE) goes out again after this, on a socket still open. */
    private static final long RESEND_DELAY_MS = 3_000;

    final Terminal terminal;
    final GatewayApi api;
    final Tokens tokens;
    final ChatModel model;
    final InputLine input = new InputLine();
    final Outbox outbox = new Outbox();
    /**
     * channelId → a read marker the server has not confirmed: its {@code read} was lost with the socket, and goes out
     * again after the reconnect (the model has already moved its own marker and would never send it again).
     */
    private final Map<String, Long> owedReads = new HashMap<>();
    final ExecutorService ui = Executors.newSingleThreadExecutor(r -> daemon(r, "parley-ui"));
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "parley-timer"));
    final LiveSocket socket;
    private final ScreenRenderer renderer;
    private final KeyInput keyInput;
    private final CountDownLatch finished = new CountDownLatch(1);
    private Display display;
    private Size size;
    private boolean redrawPending;
    private boolean loadingOlder;
    /** Channels whose newest page has been asked for (so a burst of redraws asks once). */
    private final Set<String> historyAsked = new HashSet<>();
    String sessionId;

    public ChatApp(Terminal terminal, GatewayApi api, Tokens tokens) {
        this.terminal = terminal;
        this.api = api;
        this.tokens = tokens;
        JsonNode user = tokens.user();
        this.model = new ChatModel(user.path("id").asText(), user.path("username").asText());
        this.renderer = new ScreenRenderer(Palette.forTerminal(terminal.getNumericCapability(Capability.max_colors),
                System.getenv()), ZoneId.systemDefault());
        this.socket = new LiveSocket(api.base(), api.http(), tokens, ui, timer, this,
                id -> model.channel(id) == null ? 0 : model.channel(id).cursor);
        this.keyInput = new KeyInput(this);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Runs until /quit, Ctrl-C or a fatal screen's q; restores the terminal. */
    public void run() throws InterruptedException {
        Attributes saved = terminal.enterRawMode();
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.flush();
        display = new Display(terminal, true);
        size = terminal.getSize();
        display.resize(size.getRows(), size.getColumns());
        terminal.handle(Terminal.Signal.WINCH, s -> ui.execute(this::resized));
        terminal.handle(Terminal.Signal.INT, s -> ui.execute(this::quit));
        ui.execute(this::start);
        timer.scheduleAtFixedRate(() -> ui.execute(this::redraw), 1, 1, TimeUnit.SECONDS);
        Thread reader = daemon(keyInput::readKeys, "parley-keys");
        reader.start();
        try {
            finished.await();
        } finally {
            terminal.puts(Capability.keypad_local);
            terminal.puts(Capability.exit_ca_mode);
            terminal.setAttributes(saved);
            terminal.flush();
        }
    }

    // ---- start-up -----------------------------------------------------------------------------------------------

    private void start() {
        redraw();
        scheduleRenewal(tokens.untilRenewal().toMillis());
        onUi(api.get("/api/channels"), list -> {
            for (JsonNode c : list.path("channels")) {
                Channel channel = model.putChannel(c);
                socket.subscribe(channel.id);
                if (channel.isDm()) {
                    loadMembers(channel.id);
                }
            }
            opened();
            socket.connect();
        }, failure -> {
            model.notice = "cannot load your channels: " + failure.describe();
            socket.connect();
        });
    }

    private void scheduleRenewal(long delayMs) {
        timer.schedule(() -> tokens.renew().whenComplete((v, failure) -> ui.execute(() -> {
            if (failure == null) {
                scheduleRenewal(tokens.untilRenewal().toMillis());
            } else if (GatewayApi.cause(failure).status() == 401) {
                if (socket.isOpen()) {
                    // the refresh token was revoked: by a ban, a session ended elsewhere or a password change. The
                    // live socket tells which: 4003 or 4009 closes it at once, and otherwise the gateway closes it
                    // 4001 when this access token expires, whose renewal fails the same way and ends as "signed
                    // out". Saying "signed out" now would hide a ban whose 4003 is a moment behind (TerminalClientTest)
                    return;
                }
                fatal("You were signed out: the session expired or was ended elsewhere. Start ./parley chat again"
                        + " to sign in.");
            } else {
                scheduleRenewal(10_000); // auth-service unreachable: the token still has a quarter of its life
            }
        })), delayMs, TimeUnit.MILLISECONDS);
    }

    // ---- socket callbacks (on the UI thread) --------------------------------------------------------------------

    @Override
    public void onState(String state) {
        model.connection = state;
        redraw();
    }

    @Override
    public void onSubscribed(String channelId, long sinceSeq, JsonNode ok) {
        model.subscribed(channelId, sinceSeq, ok);
        Channel channel = model.channel(channelId);
        if (channel != null && channel.hasGap() && channel == model.current()) {
            model.notice = "missed messages in " + model.displayName(channel) + ": /fill loads them";
        }
        redraw();
    }

    @Override
    public void onReady(JsonNode hello) {
        sessionId = hello.path("sessionId").asText();
        // what was written while away, or whose answer the lost socket took: the same clientMsgId again, in order
        outbox.waiting().forEach(this::transmit);
        new HashMap<>(owedReads).forEach(this::sendRead);
        watchPresence();
        // channels joined while the socket was down sent their channel.joined to nobody: ask for the list
        onUi(api.get("/api/channels"), list -> {
            for (JsonNode c : list.path("channels")) {
                if (model.channel(c.path("id").asText()) == null) {
                    socket.subscribe(model.putChannel(c).id);
                }
            }
            redraw();
        }, failure -> { });
    }

    @Override
    public void onEvent(JsonNode frame) {
        String type = frame.path("t").asText();
        JsonNode created = "message.created".equals(type) ? frame.path("d").path("message") : null;
        if (created != null && model.myId.equals(created.path("senderId").asText())) {
            outbox.confirmed(created.path("clientMsgId").asText()); // it may come before its ok
        }
        if (model.apply(frame, Instant.now())) {
            JsonNode d = frame.path("d");
            switch (type) {
                case "channel.joined" -> {
                    socket.subscribe(d.path("channelId").asText());
                    loadMembers(d.path("channelId").asText());
                }
                case "channel.left" -> socket.unsubscribe(d.path("channelId").asText());
                case "mention" -> {
                    if (!d.path("channelId").asText().equals(currentId())) {
                        terminal.puts(Capability.bell);
                    }
                }
                case "member.joined" -> {
                    if (d.path("channelId").asText().equals(currentId())) {
                        loadMembers(currentId());
                    }
                }
                default -> {
                }
            }
            Channel current = model.current();
            if (current != null && !current.historyLoaded && !historyAsked.contains(current.id)) {
                opened(); // the first channel of someone who had none, or the next one after leaving
            }
            redraw();
        }
    }

    @Override
    public void onTerminal(int code) {
        fatal(switch (code) {
            case 4003 -> "Your account is banned from this server.";
            case 4009 -> "This session was revoked (from /sessions on another device).";
            case 4001 -> "You were signed out: the session expired or was ended elsewhere. Start ./parley chat again"
                    + " to sign in.";
            default -> "The server closed the connection (" + code + ").";
        });
    }

    void fatal(String text) {
        model.end(text);
        socket.stop();
        redraw();
    }

    // ---- channels, history, members -----------------------------------------------------------------------------

    String currentId() {
        Channel c = model.current();
        return c == null ? null : c.id;
    }

    /** After switching channel: load what it lacks and mark it read. */
    void opened() {
        Channel channel = model.current();
        if (channel == null) {
            redraw();
            return;
        }
        if (!channel.historyLoaded && historyAsked.add(channel.id)) {
            String id = channel.id;
            onUi(api.get("/api/channels/" + id + "/messages?limit=" + HISTORY_PAGE), page -> {
                model.putHistory(id, page.path("messages"), page.path("hasMore").asBoolean(), true);
                redraw();
            }, failure -> {
                historyAsked.remove(id); // opening it again asks again
                model.notice = "history: " + failure.describe();
            });
        }
        if (!channel.membersLoaded) {
            loadMembers(channel.id);
        } else {
            watchPresence();
        }
        redraw();
    }

    void loadMembers(String channelId) {
        onUi(api.get("/api/channels/" + channelId + "/members?limit=100"), page -> {
            model.putMembers(channelId, page.path("members"));
            if (channelId.equals(currentId())) {
                watchPresence();
            }
            redraw();
        }, failure -> { });
    }

    private void watchPresence() {
        Channel channel = model.current();
        if (channel == null || channel.members.isEmpty() || !socket.isOpen()) {
            return;
        }
        List<String> ids = new ArrayList<>(channel.members.keySet());
        onUi(socket.request("presence.watch", Map.of("userIds", ids.subList(0, Math.min(500, ids.size())))),
                answer -> {
                    answer.path("presence").forEach(model::putPresence);
                    redraw();
                }, failure -> { });
    }

    private void loadOlder() {
        Channel channel = model.current();
        if (loadingOlder || channel == null || !channel.hasOlder || channel.messages.isEmpty()) {
            return;
        }
        loadingOlder = true;
        String id = channel.id;
        long before = channel.messages.firstKey();
        onUi(api.get("/api/channels/" + id + "/messages?before=" + before + "&limit=" + HISTORY_PAGE), page -> {
            loadingOlder = false;
            model.putHistory(id, page.path("messages"), page.path("hasMore").asBoolean(), true);
            redraw();
        }, failure -> {
            loadingOlder = false;
            model.notice = "older messages: " + failure.describe();
        });
    }

    // ---- sending ------------------------------------------------------------------------------------------------

    void send(String text, String replyTo, List<String> attachments) {
        Channel channel = model.current();
        if (channel == null) {
            model.notice = "no channel open: /join or /create one";
            return;
        }
        Map<String, Object> d = new HashMap<>();
        d.put("channelId", channel.id);
        d.put("text", text);
        d.put("clientMsgId", UUID.randomUUID().toString());
        if (replyTo != null) {
            d.put("replyTo", replyTo);
        }
        if (attachments != null && !attachments.isEmpty()) {
            d.put("attachments", attachments);
        }
        outbox.add(d);
        transmit(d);
    }

    /**
     * Sends a message of the outbox. A refusal gives the text back to the input line (nothing was stored: Enter tries
     * again); a lost socket keeps it for the reconnect, and a gateway without an answer for another try shortly. Put
     * back into the input instead, a message whose ok the socket took would have gone out again under a new
     * clientMsgId (a second copy), and joined to whatever was typed next (TerminalClientTest).
     */
    private void transmit(Map<String, Object> d) {
        String clientMsgId = (String) d.get("clientMsgId");
        onUi(socket.request("send", d), ok -> outbox.confirmed(clientMsgId), failure -> {
            if (!outbox.isWaiting(clientMsgId)) {
                return; // its message.created came meanwhile
            }
            if (outbox.failed(clientMsgId, failure.code())) {
                model.notice = outbox.size() + (outbox.size() == 1 ? " message" : " messages")
                        + " waiting to be sent: " + failure.describe();
                if (socket.isOpen()) {
                    timer.schedule(() -> ui.execute(() -> {
                        if (outbox.isWaiting(clientMsgId) && socket.isOpen()) {
                            transmit(d);
                        }
                    }), RESEND_DELAY_MS, TimeUnit.MILLISECONDS);
                }
            } else {
                model.notice = "not sent: " + failure.describe();
                if (input.text().isEmpty()) {
                    input.replace((String) d.get("text"));
                }
            }
        });
    }

    /** Lines a PageUp/PageDown moves: a screen less the bars and some overlap. */
    int pageLines() {
        return Math.max(1, size.getRows() - 5);
    }

    void clearDisplay() {
        display.clear();
    }

    boolean running() {
        return finished.getCount() > 0;
    }

    void quit() {
        if (finished.getCount() == 0) {
            return;
        }
        socket.stop();
        finished.countDown();
    }

    // ---- drawing ------------------------------------------------------------------------------------------------

    private void resized() {
        size = terminal.getSize();
        display.clear();
        display.resize(size.getRows(), size.getColumns());
        redraw();
    }

    /** Asks for a redraw; several in one burst of frames draw once. */
    void redraw() {
        if (!redrawPending) {
            redrawPending = true;
            ui.execute(this::draw);
        }
    }

    private void draw() {
        redrawPending = false;
        if (finished.getCount() == 0) {
            return;
        }
        // look at what is shown: the open channel is read while its newest message is in view
        if (socket.isOpen()) {
            long readSeq = model.markCurrentRead();
            if (readSeq >= 0) {
                sendRead(currentId(), readSeq);
            }
        }
        ScreenRenderer.Frame frame = renderer.render(model, input, size.getColumns(), size.getRows(), Instant.now());
        display.update(frame.lines(), size.cursorPos(frame.cursorRow(), frame.cursorColumn()));
        terminal.flush();
        if (frame.oldestInView() && model.scrollBack > 0) {
            loadOlder();
        }
    }

    private void sendRead(String channelId, long seq) {
        owedReads.put(channelId, seq);
        socket.request("read", Map.of("channelId", channelId, "seq", seq))
                .whenComplete((ok, failure) -> ui.execute(() -> {
                    if (failure == null || !Outbox.unknownOutcome(GatewayApi.cause(failure).code())) {
                        owedReads.remove(channelId, seq);
                    }
                }));
    }

    /** Runs the answer's handlers on the UI thread, then redraws. */
    <T> void onUi(CompletableFuture<T> call, Consumer<T> ok, Consumer<ApiException> failed) {
        call.whenComplete((value, failure) -> ui.execute(() -> {
            if (failure == null) {
                ok.accept(value);
            } else {
                ApiException cause = GatewayApi.cause(failure);
                Trace.line("failed: " + cause.code() + " " + cause.describe());
                failed.accept(cause);
            }
            redraw();
        }));
    }
}
