package io.parley.cli.ui;

import org.jline.keymap.KeyMap;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

import static org.jline.keymap.KeyMap.ctrl;
import static org.jline.keymap.KeyMap.esc;

/** The key bindings: what each key sequence of this terminal means. */
final class Keys {
    enum Op {
        INSERT, ENTER, BACKSPACE, DELETE, LEFT, RIGHT, HOME, END, UP, DOWN, PAGE_UP, PAGE_DOWN, TAB, ESCAPE,
        NEXT_CHANNEL, PREVIOUS_CHANNEL, DELETE_WORD, DELETE_TO_START, REDRAW, QUIT, IGNORE
    }

    private Keys() {
    }

    static KeyMap<Op> map(Terminal terminal) {
        KeyMap<Op> keys = new KeyMap<>();
        for (char c = 32; c < 127; c++) {
            keys.bind(Op.INSERT, String.valueOf(c));
        }
        keys.setUnicode(Op.INSERT);
        keys.setNomatch(Op.IGNORE);
        keys.setAmbiguousTimeout(150);
        keys.bind(Op.ENTER, "\r", "\n");
        keys.bind(Op.BACKSPACE, "\u007f", ctrl('H'));
        keys.bind(Op.TAB, "\t");
        keys.bind(Op.ESCAPE, esc());
        keys.bind(Op.DELETE, ctrl('D'));
        keys.bind(Op.DELETE_WORD, ctrl('W'));
        keys.bind(Op.DELETE_TO_START, ctrl('U'));
        keys.bind(Op.HOME, ctrl('A'));
        keys.bind(Op.END, ctrl('E'));
        keys.bind(Op.REDRAW, ctrl('L'));
        keys.bind(Op.NEXT_CHANNEL, ctrl('N'), esc() + "[1;3B", esc() + "[1;5B");
        keys.bind(Op.PREVIOUS_CHANNEL, ctrl('P'), esc() + "[1;3A", esc() + "[1;5A");
        bind(keys, terminal, Op.LEFT, Capability.key_left, esc() + "[D", esc() + "OD");
        bind(keys, terminal, Op.RIGHT, Capability.key_right, esc() + "[C", esc() + "OC");
        bind(keys, terminal, Op.UP, Capability.key_up, esc() + "[A", esc() + "OA");
        bind(keys, terminal, Op.DOWN, Capability.key_down, esc() + "[B", esc() + "OB");
        bind(keys, terminal, Op.HOME, Capability.key_home, esc() + "[H", esc() + "OH", esc() + "[1~");
        bind(keys, terminal, Op.END, Capability.key_end, esc() + "[F", esc() + "OF", esc() + "[4~");
        bind(keys, terminal, Op.DELETE, Capability.key_dc, esc() + "[3~");
        bind(keys, terminal, Op.PAGE_UP, Capability.key_ppage, esc() + "[5~");
        bind(keys, terminal, Op.PAGE_DOWN, Capability.key_npage, esc() + "[6~");
        return keys;
    }

    /** The terminal's own sequence (from terminfo, in keypad mode) and the common ones of other modes. */
    private static void bind(KeyMap<Op> keys, Terminal terminal, Op op, Capability capability, String... common) {
        String own = KeyMap.key(terminal, capability);
        if (own != null && !own.isEmpty()) {
            keys.bind(op, own);
        }
        keys.bind(op, common);
    }
}
