package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.devstack.DevstackConfig;
import io.parley.system.ParleyStack.TestUser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20.4: the Grafana dashboard and the PrometheusRule of the Helm chart refer only to metric names and labels
 * that the five running services really expose on {@code /q/metrics} (after a little traffic: a login, a socket, a
 * subscribe and a message, so the lazily registered meters exist). Names are compared as Prometheus stores them,
 * i.e. the sample names of the exposition ({@code x_seconds_bucket}, {@code x_seconds_count}, {@code x_total}...), so
 * a query for a histogram's family name without {@code _bucket} is an error, as it would be in Prometheus.
 */
class MetricsCatalogTest {

    static final Path CHART = DevstackConfig.findRoot(Path.of(System.getProperty("parley.root", "")))
            .resolve("deploy/k8s/parley");
    static final Path DASHBOARD = CHART.resolve("dashboards/parley.json");
    static final Path RULES = CHART.resolve("templates/prometheusrule.yaml");

    /** Series Prometheus makes itself for every scrape target, not any service: {@code up} is standard. */
    static final Set<String> PROMETHEUS_METRICS = Set.of("up");
    /**
     * Labels Prometheus adds to every series: {@code job} and {@code instance} always; {@code namespace},
     * {@code service}, {@code pod}, {@code container} and {@code endpoint} from a ServiceMonitor target.
     */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance", "namespace", "service", "pod", "container",
            "endpoint");

    static final List<String> SERVICES = List.of("auth-service", "chat-service", "session-service", "media-service",
            "gateway-a");

    static final Path DUMP = Path.of("target/metrics-catalog.txt");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void dashboardAndAlertsReferOnlyToMetricsAndLabelsTheServicesExpose() throws Exception {
        List<String> dashboard = dashboardExpressions();
        List<String> alerts = ruleExpressions();
        assertTrue(dashboard.size() >= 8, "dashboard expressions: " + dashboard);
        assertTrue(alerts.size() >= 7, "alert expressions: " + alerts);

        ParleyStack stack = ParleyStack.get();
        long started = System.nanoTime();
        Rest rest = stack.rest();
        TestUser user = stack.newUser("metrics");
        String channel = Chat.createChannel(rest, user, "private");
        try (WsClient socket = WsClient.connect(stack.port("gateway-a"), user.token())) {
            socket.call("subscribe", Map.of("channelId", channel));
            socket.call("send", Chat.message(channel, "counted", "m-1"));
            socket.await(f -> "message.created".equals(f.path("t").asText()), Duration.ofSeconds(30));

            // some meters lag the traffic: Micrometer's KafkaMetrics binds a client's new Kafka metrics (the
            // per-partition records_lag_max with its topic label) only on its refresh, every 60 s; measured here:
            // 18 rounds (~40 s) after the traffic on a fresh stack. Wait until nothing is missing, or fail with what
            // still is
            List<String> problems = new ArrayList<>();
            List<String> firstProblems = new ArrayList<>();
            int[] scrapes = new int[1];
            long trafficMs = (System.nanoTime() - started) / 1_000_000;
            Catalog[] last = new Catalog[1];
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    Catalog catalog = scrape(stack);
                    last[0] = catalog;
                    problems.clear();
                    dashboard.forEach(e -> problems.addAll(catalog.problems("dashboard", e)));
                    alerts.forEach(e -> problems.addAll(catalog.problems("alert", e)));
                    if (scrapes[0]++ == 0) {
                        firstProblems.addAll(problems);
                    }
                    return problems.isEmpty();
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("names or labels no service exposes (catalog in " + DUMP.toAbsolutePath()
                        + "):\n" + String.join("\n", problems));
            } finally {
                System.out.printf("MetricsCatalogTest: traffic %d ms, then %d scrape rounds, %d ms in all on the running"
                        + " stack; missing at the first round: %s%n", trafficMs, scrapes[0],
                        (System.nanoTime() - started) / 1_000_000, firstProblems);
                // for whoever edits the dashboard or the alerts: the names and labels the services do expose
                Files.createDirectories(DUMP.getParent());
                Files.writeString(DUMP, last[0] == null ? "" : last[0].toString());
            }
        }
    }

    @Test
    void extractorFindsMetricNamesAndLabelsButNotFunctionsKeywordsOrVariables() {
        Query q = Query.parse("histogram_quantile(0.99, sum by (le, job) (rate("
                + "parley_gateway_fanout_delay_seconds_bucket{job=~\"gw.*\", outcome!='x'}[$__rate_interval]))) "
                + "> 0.5 and on (instance) max_over_time(up[5m] offset 1h) == bool 0 "
                + "unless ignoring (pod) group_left (service) process_files_open_files / process_files_max_files");
        assertEquals(Set.of("parley_gateway_fanout_delay_seconds_bucket", "up", "process_files_open_files",
                "process_files_max_files"), q.metrics());
        assertEquals(Set.of("job", "outcome"), q.matchers().get("parley_gateway_fanout_delay_seconds_bucket"));
        assertEquals(Set.of("le", "job", "instance", "pod", "service"), q.groupingLabels());
        assertEquals(Set.of("a_b:c"), Query.parse("sum(a_b:c) without (x)").metrics());
        assertEquals(Set.of("x"), Query.parse("sum(a_b:c) without (x)").groupingLabels());
    }

    @Test
    void aMadeUpNameOrLabelIsReported() {
        Catalog catalog = Catalog.parse("""
                # HELP parley_gateway_sockets_active Open sockets
                # TYPE parley_gateway_sockets_active gauge
                parley_gateway_sockets_active 3.0
                # TYPE parley_chat_outbox_relay_delay_seconds histogram
                parley_chat_outbox_relay_delay_seconds_bucket{le="0.001"} 0
                parley_chat_outbox_relay_delay_seconds_bucket{le="+Inf"} 1
                parley_chat_outbox_relay_delay_seconds_count 1
                parley_chat_outbox_relay_delay_seconds_sum 0.02
                parley_gateway_errors_total{code="UNAVAILABLE"} 2.0
                """, new Catalog());
        assertEquals(List.of(), catalog.problems("t", "sum(parley_gateway_sockets_active) > 0"));
        assertEquals(List.of(), catalog.problems("t", "histogram_quantile(0.99, sum by (le, job) "
                + "(rate(parley_chat_outbox_relay_delay_seconds_bucket[5m])))"));
        assertEquals(List.of(), catalog.problems("t", "rate(parley_gateway_errors_total{code=\"UNAVAILABLE\"}[5m])"));
        assertEquals(List.of(), catalog.problems("t", "up == 0"));
        // a made-up name, a histogram without its _bucket suffix, a counter without _total, an unknown label
        assertEquals(1, catalog.problems("t", "sum(parley_gateway_sockets_made_up) > 0").size());
        assertEquals(1, catalog.problems("t", "rate(parley_chat_outbox_relay_delay_seconds[5m])").size());
        assertEquals(1, catalog.problems("t", "rate(parley_gateway_errors{code=\"UNAVAILABLE\"}[5m])").size());
        assertEquals(1, catalog.problems("t", "rate(parley_gateway_errors_total{kind=\"x\"}[5m])").size());
        assertEquals(1, catalog.problems("t", "sum by (op) (parley_gateway_sockets_active)").size());
    }

    // ---------------------------------------------------------------------------------------------------------------

    static Catalog scrape(ParleyStack stack) throws IOException, InterruptedException {
        Catalog catalog = new Catalog();
        for (String service : SERVICES) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + stack.managementPort(service) + "/q/metrics"))
                    .header("Accept", "text/plain").timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), service + " /q/metrics");
            Catalog.parse(response.body(), catalog);
        }
        return catalog;
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("\\s*label_values\\((.+),\\s*([a-zA-Z_]\\w*)\\s*\\)\\s*");

    /**
     * Every {@code "expr"} of the dashboard's panels, and each template variable's {@code label_values(selector,
     * label)} as {@code sum by (label) (selector)}.
     */
    static List<String> dashboardExpressions() throws IOException {
        JsonNode root = Rest.JSON.readTree(DASHBOARD.toFile());
        List<String> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals("expr") && f.getValue().isTextual()) {
                    out.add(f.getValue().asText());
                } else if (f.getKey().equals("query") && f.getValue().isTextual()
                        && LABEL_VALUES.matcher(f.getValue().asText()).matches()) {
                    // a variable's label_values(selector, label): the selector must exist and carry the label
                    Matcher m = LABEL_VALUES.matcher(f.getValue().asText());
                    m.matches();
                    out.add("sum by (" + m.group(2) + ") (" + m.group(1) + ")");
                } else {
                    collect(f.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }

    /**
     * Every {@code expr:} of the PrometheusRule template (one line each); Helm actions in it ({@code {{ ... }}},
     * thresholds from values) become a number, which is what they render to.
     */
    static List<String> ruleExpressions() throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*expr:\\s*(.+)$").matcher(Files.readString(RULES));
        while (m.find()) {
            String expr = m.group(1).trim().replaceAll("\\{\\{[^}]*}}", "1");
            if (expr.length() > 1 && (expr.startsWith("'") || expr.startsWith("\""))) {
                expr = expr.substring(1, expr.length() - 1).replace("''", "'");
            }
            out.add(expr);
        }
        return out;
    }

    /** Sample names of the services' expositions, each with the label names seen on it. */
    static final class Catalog {

        final Map<String, Set<String>> labels = new TreeMap<>();

        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

        static Catalog parse(String exposition, Catalog into) {
            for (String line : exposition.split("\n")) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int brace = line.indexOf('{');
                int space = line.indexOf(' ');
                int end = brace >= 0 && (space < 0 || brace < space) ? brace : space;
                String name = end < 0 ? line : line.substring(0, end);
                Set<String> names = into.labels.computeIfAbsent(name, n -> new TreeSet<>());
                if (end == brace && brace >= 0) {
                    Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
            return into;
        }

        boolean exposes(String metric) {
            return labels.containsKey(metric) || PROMETHEUS_METRICS.contains(metric);
        }

        boolean hasLabel(String metric, String label) {
            return TARGET_LABELS.contains(label) || labels.getOrDefault(metric, Set.of()).contains(label);
        }

        List<String> problems(String where, String expr) {
            Query q = Query.parse(expr);
            List<String> problems = new ArrayList<>();
            if (q.metrics().isEmpty()) {
                problems.add(where + ": no metric name found in " + expr);
            }
            for (String metric : q.metrics()) {
                if (!exposes(metric)) {
                    problems.add(where + ": no service exposes " + metric + "  in  " + expr);
                }
            }
            q.matchers().forEach((metric, used) -> used.stream().filter(l -> exposes(metric) && !hasLabel(metric, l))
                    .forEach(l -> problems.add(where + ": " + metric + " has no label " + l + "  in  " + expr)));
            for (String label : q.groupingLabels()) {
                if (q.metrics().stream().noneMatch(metric -> hasLabel(metric, label))) {
                    problems.add(where + ": no metric of the expression has label " + label + "  in  " + expr);
                }
            }
            return problems;
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            labels.forEach((name, l) -> out.append(name).append(' ').append(l).append('\n'));
            return out.toString();
        }
    }

    /**
     * The names a PromQL expression refers to, from a small tokenizer: an identifier followed by {@code (} is a
     * function, and so is an aggregation (also when {@code by (...)} comes first); keywords (by, without, on, ignoring, group_left/right, bool, and/or/unless, offset)
     * are skipped, and the parenthesised identifiers after the grouping ones are labels; inside {@code {...}} each
     * {@code label op "value"} names a label of the selector's metric; ranges {@code [...]}, strings, numbers and
     * Grafana variables ({@code $x}, {@code ${x}}) are skipped; any other identifier is a metric name.
     */
    record Query(Set<String> metrics, Map<String, Set<String>> matchers, Set<String> groupingLabels) {

        private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
                "group_right", "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan",
                // aggregations may be followed by "by (...)" rather than by "("
                "sum", "avg", "min", "max", "count", "stddev", "stdvar", "topk", "bottomk", "quantile",
                "count_values", "group", "limitk", "limit_ratio");
        private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left",
                "group_right");

        static Query parse(String expr) {
            Set<String> metrics = new TreeSet<>();
            Map<String, Set<String>> matchers = new TreeMap<>();
            Set<String> grouping = new TreeSet<>();
            int i = 0;
            int n = expr.length();
            while (i < n) {
                char c = expr.charAt(i);
                if (c == '"' || c == '\'' || c == '`') {
                    i = skipString(expr, i);
                } else if (c == '[') {
                    i = expr.indexOf(']', i) + 1;
                    if (i == 0) {
                        throw new IllegalArgumentException("unclosed [ in " + expr);
                    }
                } else if (c == '$') {
                    i++;
                    if (i < n && expr.charAt(i) == '{') {
                        i = expr.indexOf('}', i) + 1;
                    } else {
                        while (i < n && isIdentifierPart(expr.charAt(i))) {
                            i++;
                        }
                    }
                } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
                    while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.'
                            || ((expr.charAt(i) == '+' || expr.charAt(i) == '-')
                                && Character.toLowerCase(expr.charAt(i - 1)) == 'e'))) {
                        i++;
                    }
                } else if (Character.isLetter(c) || c == '_' || c == ':') {
                    int start = i;
                    while (i < n && isIdentifierPart(expr.charAt(i))) {
                        i++;
                    }
                    String word = expr.substring(start, i);
                    int next = skipSpaces(expr, i);
                    if (GROUPING.contains(word.toLowerCase())) {
                        if (next < n && expr.charAt(next) == '(') {
                            int close = expr.indexOf(')', next);
                            for (String label : expr.substring(next + 1, close).split(",")) {
                                if (!label.isBlank()) {
                                    grouping.add(label.strip());
                                }
                            }
                            i = close + 1;
                        }
                    } else if (KEYWORDS.contains(word.toLowerCase())) {
                        continue;
                    } else if (next < n && expr.charAt(next) == '(') {
                        continue; // a function or an aggregation
                    } else {
                        metrics.add(word);
                        if (next < n && expr.charAt(next) == '{') {
                            int close = selectorEnd(expr, next);
                            matchers.computeIfAbsent(word, w -> new TreeSet<>())
                                    .addAll(selectorLabels(expr.substring(next + 1, close)));
                            i = close + 1;
                        }
                    }
                } else if (c == '{') {
                    // a selector without a metric name: {__name__="x", ...}
                    int close = selectorEnd(expr, i);
                    i = close + 1;
                } else {
                    i++;
                }
            }
            return new Query(metrics, matchers, grouping);
        }

        private static Set<String> selectorLabels(String inside) {
            Set<String> labels = new TreeSet<>();
            Matcher m = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*')")
                    .matcher(inside);
            while (m.find()) {
                labels.add(m.group(1));
            }
            return labels;
        }

        private static int selectorEnd(String expr, int open) {
            int i = open + 1;
            while (i < expr.length() && expr.charAt(i) != '}') {
                char c = expr.charAt(i);
                i = c == '"' || c == '\'' ? skipString(expr, i) : i + 1;
            }
            if (i >= expr.length()) {
                throw new IllegalArgumentException("unclosed { in " + expr);
            }
            return i;
        }

        private static int skipString(String expr, int open) {
            char quote = expr.charAt(open);
            int i = open + 1;
            while (i < expr.length() && expr.charAt(i) != quote) {
                i += expr.charAt(i) == '\\' ? 2 : 1;
            }
            return i + 1;
        }

        private static int skipSpaces(String expr, int i) {
            while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
                i++;
            }
            return i;
        }

        private static boolean isIdentifierPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == ':';
        }
    }
}
