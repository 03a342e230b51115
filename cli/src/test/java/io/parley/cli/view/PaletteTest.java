package io.parley.cli.view;

import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.jline.utils.InfoCmp.Capability;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PaletteTest {

    private static Integer maxColours(String type) throws Exception {
        try (Terminal terminal = new ExternalTerminal("test", type, new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), StandardCharsets.UTF_8)) {
            return terminal.getNumericCapability(Capability.max_colors);
        }
    }

    @Test
    void aTerminalWithoutColoursGetsNone() throws Exception {
        assertEquals(Palette.monochrome(), Palette.forTerminal(maxColours("vt100"), Map.of()));
        assertEquals(Palette.monochrome(), Palette.forTerminal(maxColours("dumb"), Map.of()));
    }

    @Test
    void aColourTerminalGetsColourUnlessNoColorIsSet() throws Exception {
        assertEquals(Palette.colour(), Palette.forTerminal(maxColours("xterm-256color"), Map.of()));
        assertEquals(Palette.colour(), Palette.forTerminal(maxColours("screen"), Map.of("NO_COLOR", "")));
        assertEquals(Palette.monochrome(), Palette.forTerminal(maxColours("screen"), Map.of("NO_COLOR", "1")));
    }
}
