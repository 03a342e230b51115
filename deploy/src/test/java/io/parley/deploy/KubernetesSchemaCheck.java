package io.parley.deploy;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Validates rendered manifests against the Kubernetes API's JSON schemas, as the API server would: types, enums,
 * formats and required fields (an int where a string belongs, `imagePullPolicy: Sometimes`, a container without a
 * name). The schemas are those of Kubernetes {@value #KUBERNETES_VERSION} compiled by the npm package kubernetes-models
 * 4.5.1 (and ServiceMonitor's by @kubernetes-models/prometheus-operator 4.4.4), run with the machine's Node.js from
 * deploy/src/test/kubernetes-schemas (installed by `npm ci` in the build). Unknown fields are what
 * {@link KubernetesModelCheck} finds: the API's schemas allow them.
 */
final class KubernetesSchemaCheck {

    /** The Kubernetes version whose API schemas the rendered objects are validated against (Chart.yaml: >=1.25). */
    static final String KUBERNETES_VERSION = "1.33";

    /** Kinds with no published schema in those packages, each with what checks it instead. */
    static final Map<String, String> WITHOUT_SCHEMA = Map.of(
            "gateway.networking.k8s.io/v1/HTTPRoute", "no maintained npm schema package for Gateway API v1 runs on "
                    + "Node.js 20; fabric8's typed HTTPRoute model and KubernetesModelCheck check it");

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private KubernetesSchemaCheck() {
    }

    static Path directory() {
        return Repository.root().resolve("deploy/src/test/kubernetes-schemas");
    }

    /** Problems of every object of a rendered chart (its YAML documents), one readable sentence each. */
    static List<String> check(String renderedYaml) {
        List<Object> objects = new ArrayList<>();
        for (Object document : new Yaml(new LoaderOptions()).loadAll(renderedYaml)) {
            if (document != null) {
                objects.add(document);
            }
        }
        return checkObjects(objects);
    }

    static List<String> checkObjects(List<Object> objects) {
        List<Map<String, String>> found = validate(objects);
        List<String> problems = new ArrayList<>();
        for (Map<String, String> p : found) {
            if ("no schema".equals(p.get("problem"))) {
                String kind = p.get("apiVersion") + "/" + p.get("object").split(" ")[0];
                if (!WITHOUT_SCHEMA.containsKey(kind)) {
                    problems.add(p.get("object") + ": no Kubernetes " + KUBERNETES_VERSION + " schema for " + kind
                            + " (apiVersion or kind wrong?)");
                }
                continue;
            }
            problems.add(p.get("object") + " at " + p.get("path") + ": " + p.get("problem"));
        }
        return problems;
    }

    private static List<Map<String, String>> validate(List<Object> objects) {
        Path directory = directory();
        Path script = directory.resolve("validate.mjs");
        if (!Files.isDirectory(directory.resolve("node_modules/kubernetes-models"))) {
            throw new IllegalStateException("no " + directory.resolve("node_modules") + ": the build runs `npm ci` "
                    + "there (exec execution kubernetes-schemas-npm-ci); from an IDE run it once by hand");
        }
        try {
            Path stderr = Files.createTempFile("kubernetes-schemas", ".log");
            try {
                Process node = new ProcessBuilder("node", script.toString()).directory(directory.toFile())
                        .redirectError(stderr.toFile()).start();
                try (var in = node.getOutputStream()) {
                    in.write(JSON.asJson(objects).getBytes(StandardCharsets.UTF_8));
                }
                byte[] out = node.getInputStream().readAllBytes();
                if (!node.waitFor(60, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                    throw new IllegalStateException("node " + script + " did not finish in 60 s");
                }
                if (node.exitValue() != 0) {
                    throw new IllegalStateException("node " + script + " exited " + node.exitValue() + ": "
                            + Files.readString(stderr));
                }
                @SuppressWarnings("unchecked")
                List<Map<String, String>> problems = JSON.unmarshal(new String(out, StandardCharsets.UTF_8), List.class);
                return problems;
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String describe(List<String> problems) {
        return String.join("\n", Objects.requireNonNull(problems));
    }
}
