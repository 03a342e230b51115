package io.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** values.yaml is the chart's manual: every value is documented where it is set. */
class ValuesFileTest {

    @Test
    void everyValueIsDocumentedOnItsLineOrTheLineAbove() {
        List<String> undocumented = undocumented(Repository.read(Repository.chart().resolve("values.yaml")));
        assertTrue(undocumented.isEmpty(), () -> "undocumented values:\n" + String.join("\n", undocumented));
    }

    @Test
    void anUndocumentedValueIsFound() {
        assertTrue(undocumented("# -- documented\na: 1\nb: 2\n").equals(List.of("line 3: b: 2")));
    }

    /**
     * A line that sets a value (not a bare "section:" header) is documented when a comment ends the line, stands
     * directly above it, or stands above the section header it belongs to (a block such as resources: {...}).
     */
    static List<String> undocumented(String yaml) {
        String[] lines = yaml.split("\n");
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.endsWith(":")) {
                continue;
            }
            if (line.contains(" # ") || commentAbove(lines, i) || parentDocumented(lines, i)) {
                continue;
            }
            problems.add("line " + (i + 1) + ": " + trimmed);
        }
        return problems;
    }

    private static boolean commentAbove(String[] lines, int i) {
        return i > 0 && lines[i - 1].strip().startsWith("#");
    }

    private static boolean parentDocumented(String[] lines, int i) {
        int indent = indentOf(lines[i]);
        for (int j = i - 1; j >= 0; j--) {
            String above = lines[j];
            if (above.isBlank() || above.strip().startsWith("#")) {
                continue;
            }
            if (indentOf(above) < indent) {
                return above.strip().endsWith(":") && commentAbove(lines, j);
            }
        }
        return false;
    }

    private static int indentOf(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }
}
