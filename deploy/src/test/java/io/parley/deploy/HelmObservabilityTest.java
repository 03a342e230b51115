package io.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue 20.4: the PrometheusRule and the Grafana dashboard ConfigMap, off by default. That their metric names and
 * labels exist is system-tests' MetricsCatalogTest (it needs the running services); here: what renders, from which
 * values, and that every alert has its runbook in docs/operations.md.
 */
class HelmObservabilityTest {

    static final Set<String> ALERTS = Set.of("ParleyServiceNotReady", "ParleyCommandConsumerLag", "ParleyOutboxBacklog",
            "ParleyFanOutDelayHigh", "ParleyCommandsUnavailable", "ParleyGatewayNearFileLimit", "ParleyJvmHeapHigh");

    static final RenderedChart ci = RenderedChart.render(Map.of(), HelmChartTest.resource(HelmChartTest.CI_VALUES));

    @Test
    void offByDefault() {
        assertTrue(ci.objects().stream().noneMatch(o -> o.getKind().equals("PrometheusRule")));
        assertTrue(ci.objects().stream().noneMatch(o -> o.getMetadata().getName().endsWith("-dashboard")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRuleHasEveryAlertWithThresholdsFromValuesAndARunbook() throws Exception {
        RenderedChart chart = RenderedChart.render(Map.of("metrics.prometheusRule.enabled", true,
                "metrics.prometheusRule.labels.release", "prometheus",
                "metrics.prometheusRule.thresholds.commandLag", 4321,
                "metrics.prometheusRule.runbookUrl", "https://docs.example/operations.md"),
                HelmChartTest.resource(HelmChartTest.CI_VALUES));
        GenericKubernetesResource rule = (GenericKubernetesResource) only(chart, "PrometheusRule");
        assertEquals("prometheus", rule.getMetadata().getLabels().get("release"));
        Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) spec.get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        Set<String> names = new TreeSet<>();
        String operations = Repository.read(Repository.root().resolve("docs/operations.md"));
        for (Map<String, Object> alert : rules) {
            String name = (String) alert.get("alert");
            names.add(name);
            String expr = (String) alert.get("expr");
            assertFalse(expr.contains("{{"), name + ": unrendered template in " + expr);
            // scoped to this release's targets, as the ServiceMonitor names them
            assertTrue(expr.contains("namespace=\"" + RenderedChart.NAMESPACE + "\""), name + ": " + expr);
            assertTrue(expr.contains("job=~\"parley-"), name + ": " + expr);
            Map<String, String> annotations = (Map<String, String>) alert.get("annotations");
            assertFalse(annotations.get("summary").isBlank(), name);
            assertEquals("https://docs.example/operations.md#" + name.toLowerCase(), annotations.get("runbook_url"));
            assertTrue(operations.contains("### " + name), name + " has no runbook section in docs/operations.md");
        }
        assertEquals(ALERTS, names);
        String lag = rules.stream().filter(r -> r.get("alert").equals("ParleyCommandConsumerLag")).findFirst()
                .map(r -> (String) r.get("expr")).orElseThrow();
        assertTrue(lag.endsWith("> 4321"), lag);
        assertTrue(KubernetesModelCheck.check(chart.objects()).isEmpty(), () -> KubernetesModelCheck.check(chart.objects()).toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDashboardShipsInAConfigMapForGrafanasSidecar() throws Exception {
        RenderedChart chart = RenderedChart.render(Map.of("metrics.dashboard.enabled", true),
                HelmChartTest.resource(HelmChartTest.CI_VALUES));
        ConfigMap map = (ConfigMap) chart.objects().stream()
                .filter(o -> o instanceof ConfigMap && o.getMetadata().getName().equals("parley-dashboard"))
                .findFirst().orElseThrow();
        assertEquals("1", map.getMetadata().getLabels().get("grafana_dashboard"));
        String shipped = map.getData().get("parley.json");
        assertEquals(Files.readString(Repository.chart().resolve("dashboards/parley.json")), shipped);
        // JSON is YAML: SnakeYAML reads it as maps and lists
        Map<String, Object> dashboard = new Yaml().load(shipped);
        List<Map<String, Object>> panels = (List<Map<String, Object>>) dashboard.get("panels");
        Set<String> titles = new TreeSet<>();
        panels.forEach(p -> titles.add((String) p.get("title")));
        assertTrue(titles.containsAll(Set.of("Connected sockets", "Deliveries / s", "Fan-out delay",
                "Command round trip", "Kafka consumer lag", "Outbox backlog", "PostgreSQL pool", "JVM heap")),
                titles.toString());
        panels.forEach(p -> assertFalse(((List<?>) p.get("targets")).isEmpty(), (String) p.get("title")));
    }

    private static HasMetadata only(RenderedChart chart, String kind) {
        List<HasMetadata> found = chart.objects().stream().filter(o -> o.getKind().equals(kind)).toList();
        assertEquals(1, found.size(), kind);
        return found.get(0);
    }
}
