package io.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue 20.7: the values table of deploy/k8s/parley/README.md is values.yaml's own documentation (every `# --` comment,
 * its key and default), so no key goes undocumented and no stale key stays. On a difference the test writes the
 * table it expects to deploy/target/values-table.md: paste it between the README's markers.
 */
class ChartReadmeTest {

    static final String START = "<!-- values-table:start (generated from values.yaml; ChartReadmeTest checks it) -->";
    static final String END = "<!-- values-table:end -->";

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    /** One documented value: its key (services.<name>.x for the five services), default and description. */
    record Row(String key, String defaultValue, String description) {
    }

    @Test
    void theReadmesValuesTableIsTheOneValuesYamlDocuments() throws IOException {
        String readme = Repository.read(Repository.chart().resolve("README.md"));
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertTrue(start >= 0 && end > start, "README.md has no " + START + " ... " + END + " section");
        String actual = readme.substring(start + START.length(), end).strip();
        String expected = table(rows(Repository.read(Repository.chart().resolve("values.yaml")))).strip();
        if (!expected.equals(actual)) {
            Path out = Repository.root().resolve("deploy/target/values-table.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, expected + "\n");
        }
        assertEquals(keys(expected), keys(actual), "keys of the README's values table (expected: values.yaml's)");
        assertEquals(expected, actual, "the README's values table differs from values.yaml; see deploy/target/values-table.md");
    }

    @Test
    void everyKeyOfValuesYamlIsInOneDocumentedRow() {
        // every leaf of values.yaml lies under a documented key, so the table (built from the comments) misses none
        String values = Repository.read(Repository.chart().resolve("values.yaml"));
        Set<String> documented = new TreeSet<>(rows(values).stream().map(Row::key).toList());
        Map<String, Object> parsed = new Yaml(new LoaderOptions()).load(values);
        List<String> undocumented = new ArrayList<>();
        leaves("", parsed, leaf -> {
            String key = leaf.replaceFirst("^services\\.[a-z-]+\\.", "services.<name>.");
            boolean covered = documented.stream().anyMatch(d -> key.equals(d) || key.startsWith(d + "."));
            if (!covered) {
                undocumented.add(leaf);
            }
        });
        assertEquals(List.of(), undocumented, "values with no documented key above them");
    }

    @Test
    void aStaleOrMissingRowIsFound() {
        List<Row> rows = rows("""
                a:
                  # -- documented
                  b: 1
                  # -- also documented, over two
                  #    lines
                  c: {x: 1}
                """);
        assertEquals(List.of(new Row("a.b", "`1`", "documented"),
                new Row("a.c", "`{\"x\":1}`", "also documented, over two lines")), rows);
        String table = table(rows);
        assertTrue(!keys(table).equals(keys(table.replace("| `a.c` |", "| `a.d` |"))), "a renamed key differs");
    }

    /** The documented values of a values.yaml text, in file order; services.<name>.* collapse into one row each. */
    static List<Row> rows(String valuesYaml) {
        Map<String, Object> parsed = new Yaml(new LoaderOptions()).load(valuesYaml);
        String[] lines = valuesYaml.split("\n");
        List<String> path = new ArrayList<>();
        List<Integer> indents = new ArrayList<>();
        Map<String, Row> rows = new LinkedHashMap<>();
        Map<String, Map<String, String>> perService = new LinkedHashMap<>();
        List<String> comment = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("# --")) {
                comment.clear();
                comment.add(trimmed.substring(4).strip());
                continue;
            }
            if (trimmed.startsWith("#")) {
                if (!comment.isEmpty() && trimmed.startsWith("#  ")) {
                    comment.add(trimmed.substring(1).strip());
                } else {
                    comment.clear();
                }
                continue;
            }
            if (trimmed.isEmpty() || trimmed.startsWith("- ") || !trimmed.contains(":")) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
                indents.remove(indents.size() - 1);
                path.remove(path.size() - 1);
            }
            String key = trimmed.substring(0, trimmed.indexOf(':'));
            path.add(key);
            indents.add(indent);
            if (comment.isEmpty()) {
                continue;
            }
            // a table cell: no column break, no <placeholder> swallowed as an HTML tag
            String description = String.join(" ", comment).replace("|", "\\|").replace("<", "&lt;")
                    .replace(">", "&gt;");
            comment.clear();
            String fullKey = String.join(".", path);
            String value = render(valueAt(parsed, path));
            if (path.size() > 2 && path.get(0).equals("services")) {
                String collapsed = "services.<name>." + String.join(".", path.subList(2, path.size()));
                perService.computeIfAbsent(collapsed, k -> new LinkedHashMap<>()).put(path.get(1), value);
                rows.putIfAbsent(collapsed, new Row(collapsed, null, description));
            } else {
                rows.put(fullKey, new Row(fullKey, value, description));
            }
        }
        List<Row> result = new ArrayList<>();
        for (Row row : rows.values()) {
            Map<String, String> defaults = perService.get(row.key());
            if (defaults == null) {
                result.add(row);
                continue;
            }
            boolean same = defaults.values().stream().distinct().count() == 1;
            String value = same ? defaults.values().iterator().next() : String.join(", ",
                    defaults.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
            result.add(new Row(row.key(), value, row.description()));
        }
        return result;
    }

    static String table(List<Row> rows) {
        StringBuilder table = new StringBuilder("| Key | Default | Description |\n|---|---|---|\n");
        for (Row row : rows) {
            table.append("| `").append(row.key()).append("` | ").append(row.defaultValue()).append(" | ")
                    .append(row.description()).append(" |\n");
        }
        return table.toString();
    }

    private static Set<String> keys(String table) {
        Set<String> keys = new TreeSet<>();
        for (String line : table.split("\n")) {
            if (line.startsWith("| `")) {
                keys.add(line.substring(3, line.indexOf('`', 3)));
            }
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static Object valueAt(Map<String, Object> root, List<String> path) {
        Object node = root;
        for (String key : path) {
            node = ((Map<String, Object>) node).get(key);
        }
        return node;
    }

    private static String render(Object value) {
        String json = value instanceof String s ? JSON.asJson(s) : JSON.asJson(value);
        return "`" + json.replace("|", "\\|") + "`";
    }

    @SuppressWarnings("unchecked")
    private static void leaves(String prefix, Object node, java.util.function.Consumer<String> out) {
        if (node instanceof Map<?, ?> map && !map.isEmpty()) {
            ((Map<String, Object>) map).forEach((k, v) -> leaves(prefix.isEmpty() ? k : prefix + "." + k, v, out));
        } else {
            out.accept(prefix);
        }
    }
}
