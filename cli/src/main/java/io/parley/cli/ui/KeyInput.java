package io.parley.cli.ui;

import io.parley.cli.model.Channel;
import io.parley.cli.model.ChatModel;
import io.parley.cli.model.InputLine;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;

import java.io.IOError;
import java.util.Map;

/** Key presses: read on their own thread, acted on on the UI thread (editing, scrolling, switching, submitting). */
final class KeyInput {
    /** Typing notices go out at most this often (the server drops the rest anyway). */
    private static final long TYPING_EVERY_MS = 3_000;

    private final ChatApp app;
    private final ChatModel model;
    private final InputLine input;
    private final Commands commands;
    private final Completion completion;
    private long lastTypingSent;

    KeyInput(ChatApp app) {
        this.app = app;
        this.model = app.model;
        this.input = app.input;
        this.commands = new Commands(app);
        this.completion = new Completion(app.model);
    }

    /** The key reader thread: blocks on the terminal, hands each binding to the UI thread. */
    void readKeys() {
        BindingReader reader = new BindingReader(app.terminal.reader());
        KeyMap<Keys.Op> keys = Keys.map(app.terminal);
        try {
            while (app.running()) {
                Keys.Op op = reader.readBinding(keys, null, true);
                if (op == null) {
                    app.ui.execute(app::quit); // end of input
                    return;
                }
                String typed = reader.getLastBinding();
                app.ui.execute(() -> key(op, typed));
            }
        } catch (IOError e) {
            app.ui.execute(app::quit);
        }
    }

    private void key(Keys.Op op, String typed) {
        if (model.fatal != null) {
            if (op == Keys.Op.INSERT && "q".equalsIgnoreCase(typed) || op == Keys.Op.ENTER) {
                app.quit();
            }
            return;
        }
        switch (op) {
            case INSERT -> {
                input.insert(typed);
                typing();
            }
            case ENTER -> submit();
            case BACKSPACE -> input.backspace();
            case DELETE -> input.deleteForward();
            case LEFT -> input.left();
            case RIGHT -> input.right();
            case HOME -> input.home();
            case END -> input.end();
            case UP -> input.previous();
            case DOWN -> input.next();
            case DELETE_WORD -> input.deleteWordBack();
            case DELETE_TO_START -> input.deleteToStart();
            case TAB -> model.notice = completion.complete(input);
            case ESCAPE -> model.panel = null;
            case PAGE_UP -> model.scrollBack += app.pageLines();
            case PAGE_DOWN -> model.scrollBack = Math.max(0, model.scrollBack - app.pageLines());
            case NEXT_CHANNEL, PREVIOUS_CHANNEL -> {
                model.cycle(op == Keys.Op.NEXT_CHANNEL ? 1 : -1);
                app.opened();
            }
            case REDRAW -> app.clearDisplay();
            case QUIT -> app.quit();
            default -> {
            }
        }
        app.redraw();
    }

    private void submit() {
        String line = input.take();
        if (line.isBlank()) {
            return;
        }
        model.notice = "";
        if (line.startsWith("/") && !line.startsWith("//")) {
            commands.run(line);
        } else {
            // "//text" goes as typed: the server posts it as "/text" (its slash-command escape)
            app.send(line, null, null);
            model.scrollBack = 0;
        }
    }

    private void typing() {
        Channel channel = model.current();
        long now = System.currentTimeMillis();
        if (channel != null && app.socket.isOpen() && !input.text().startsWith("/")
                && now - lastTypingSent >= TYPING_EVERY_MS) {
            lastTypingSent = now;
            app.socket.request("typing", Map.of("channelId", channel.id));
        }
    }
}
