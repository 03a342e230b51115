package io.parley.deploy;

import static io.parley.deploy.HelmChartTest.CI_VALUES;
import static io.parley.deploy.HelmChartTest.EVERYTHING_VALUES;
import static io.parley.deploy.HelmChartTest.resource;
import static io.parley.deploy.HelmStorageAndCallsValuesTest.CALLS_VALUES;
import static io.parley.deploy.HelmStorageAndCallsValuesTest.S3_VALUES;
import static io.parley.deploy.HelmOidcValuesTest.OIDC_VALUES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Issue 20.6: the rendered chart against the Kubernetes API's schemas, and proof that the check catches mistakes. */
class KubernetesSchemaCheckTest {

    static String ci;

    @BeforeAll
    static void render() {
        ci = RenderedChart.render(Map.of(), resource(CI_VALUES)).yaml();
    }

    @Test
    void chartYamlDeclaresAKubernetesRangeThatTheValidatedVersionIsIn() {
        String chart = Repository.read(Repository.chart().resolve("Chart.yaml"));
        Matcher declared = Pattern.compile("(?m)^kubeVersion: \">=1\\.(\\d+)\\.0-0\"$").matcher(chart);
        assertTrue(declared.find(), "Chart.yaml declares no kubeVersion of the form \">=1.N.0-0\"");
        int minor = Integer.parseInt(declared.group(1));
        assertTrue(minor >= 25, "autoscaling/v2 and policy/v1 without deprecation need 1.25: " + minor);
        assertTrue(minor <= Integer.parseInt(KubernetesSchemaCheck.KUBERNETES_VERSION.split("\\.")[1]));
    }

    @Test
    void everyRenderingOfTheChartIsValidAgainstTheKubernetesSchemas() {
        // every optional part: defaults, everything on, OIDC, the S3 store, calls with coturn (one Node.js run)
        List<Object> objects = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<List<java.nio.file.Path>> renderings = List.of(List.of(), List.of(EVERYTHING_VALUES), List.of(OIDC_VALUES),
                List.of(S3_VALUES), List.of(CALLS_VALUES));
        for (List<java.nio.file.Path> values : renderings) {
            List<java.nio.file.Path> files = new ArrayList<>(List.of(resource(CI_VALUES)));
            values.forEach(v -> files.add(resource(v)));
            String yaml = RenderedChart.render(Map.of(), files.toArray(java.nio.file.Path[]::new)).yaml();
            for (Object document : new Yaml(new LoaderOptions()).loadAll(yaml)) {
                if (document != null) {
                    objects.add(document);
                    sources.add(values.toString());
                }
            }
        }
        assertTrue(objects.size() > 100, "rendered " + objects.size());
        List<String> problems = KubernetesSchemaCheck.checkObjects(objects);
        assertTrue(problems.isEmpty(), () -> KubernetesSchemaCheck.describe(problems));
    }

    @Test
    void aWrongTypeAWrongEnumValueAndAMissingRequiredFieldAreEachReported() {
        // each broken copy of the real gateway Deployment carries its own name; one Node.js run checks them all
        Map<String, Object> good = gatewayDeployment();
        Map<String, String> expected = new LinkedHashMap<>();
        List<Object> objects = new ArrayList<>();
        objects.add(good);

        Map<String, Object> wrongType = broken(good, "wrong-type", expected, "at /spec/replicas: must be integer");
        spec(wrongType).put("replicas", "two");
        objects.add(wrongType);

        Map<String, Object> wrongEnum = broken(good, "wrong-enum", expected, "at /spec/template/spec/containers/0/"
                + "imagePullPolicy: must be equal to one of the allowed values (Always, IfNotPresent, Never)");
        container(wrongEnum).put("imagePullPolicy", "Sometimes");
        objects.add(wrongEnum);

        Map<String, Object> noName = broken(good, "no-container-name", expected,
                "at /spec/template/spec/containers/0: must have required property name");
        container(noName).remove("name");
        objects.add(noName);

        Map<String, Object> noSelector = broken(good, "no-selector", expected,
                "at /spec: must have required property selector");
        spec(noSelector).remove("selector");
        objects.add(noSelector);

        Map<String, Object> unknownKind = broken(good, "unknown-kind", expected,
                ": no Kubernetes " + KubernetesSchemaCheck.KUBERNETES_VERSION + " schema for apps/v1/Deploymnet");
        unknownKind.put("kind", "Deploymnet");
        expected.put("Deploymnet unknown-kind", expected.remove("Deployment unknown-kind"));
        objects.add(unknownKind);

        objects.add(new Yaml(new LoaderOptions()).load("""
                apiVersion: v1
                kind: Service
                metadata: {name: wrong-protocol}
                spec:
                  ports: [{port: 8080, protocol: TCPX}]
                """));
        expected.put("Service wrong-protocol", "at /spec/ports/0/protocol: must be equal to one of the allowed values");

        List<String> problems = KubernetesSchemaCheck.checkObjects(objects);
        expected.forEach((object, fragment) -> assertTrue(
                problems.stream().anyMatch(p -> p.startsWith(object) && p.contains(fragment)),
                () -> "expected '" + object + " " + fragment + "', got:\n" + KubernetesSchemaCheck.describe(problems)));
        // the unbroken Deployment is valid: each problem belongs to a broken copy
        assertTrue(problems.stream().noneMatch(p -> p.startsWith("Deployment " + RenderedChart.nameOf("gateway"))),
                () -> KubernetesSchemaCheck.describe(problems));
        assertEquals(expected.size(), problems.size(), () -> KubernetesSchemaCheck.describe(problems));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> broken(Map<String, Object> good, String name, Map<String, String> expected,
                                              String fragment) {
        Map<String, Object> copy = copy(good);
        ((Map<String, Object>) copy.get("metadata")).put("name", name);
        expected.put("Deployment " + name, fragment);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> gatewayDeployment() {
        for (Object document : new Yaml(new LoaderOptions()).loadAll(ci)) {
            if (document instanceof Map<?, ?> map && "Deployment".equals(map.get("kind"))
                    && RenderedChart.nameOf("gateway").equals(((Map<String, Object>) map.get("metadata")).get("name"))) {
                return (Map<String, Object>) map;
            }
        }
        throw new AssertionError("no gateway Deployment rendered");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> object) {
        return (Map<String, Object>) deepCopy(object);
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(KubernetesSchemaCheckTest::deepCopy).toList());
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> deployment) {
        return (Map<String, Object>) deployment.get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> deployment) {
        Map<String, Object> template = (Map<String, Object>) spec(deployment).get("template");
        return ((List<Map<String, Object>>) ((Map<String, Object>) template.get("spec")).get("containers")).get(0);
    }
}
