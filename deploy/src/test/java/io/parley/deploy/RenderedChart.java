package io.parley.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The chart rendered by the Helm library itself (helm-java, no helm binary) and parsed into typed Kubernetes objects. */
record RenderedChart(String yaml, List<HasMetadata> objects) {

    static final String RELEASE = "parley";
    static final String NAMESPACE = "chat";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** The Kubernetes version Helm's library (helm 3.16 in helm-java, built without the ldflags the helm binary gets) renders for. */
    static final String HELM_LIBRARY_KUBE_VERSION = "v1.20.0";

    private static Path staged;

    static LintResult lint() {
        return new Helm(chartUnderTest()).lint().strict().call();
    }

    /** `helm template parley deploy/k8s/parley -n chat -f <values>...`, test hooks included (as plain objects). */
    static RenderedChart render(Map<String, Object> sets, Path... valuesFiles) {
        var template = new Helm(chartUnderTest()).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path values : valuesFiles) {
            template = template.withValuesFile(values);
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return parse(template.call());
    }

    /** NOTES.txt as `helm install` prints it (a client-only dry run: no cluster is reached). */
    static String notes(Map<String, Object> sets, Path... valuesFiles) {
        var install = new Helm(chartUnderTest()).install().withName(RELEASE).withNamespace(NAMESPACE).dryRun()
                .clientOnly();
        for (Path values : valuesFiles) {
            install = install.withValuesFile(values);
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            install = install.set(set.getKey(), set.getValue());
        }
        String output = install.call().getOutput();
        int notes = output.indexOf("NOTES:");
        if (notes < 0) {
            throw new AssertionError("no NOTES in the install output:\n" + output);
        }
        return output.substring(notes);
    }

    /**
     * deploy/k8s/parley as the Helm library can render it, copied to target/chart-under-test once per run, with two
     * changes only: (1) no kubeVersion, because the library always claims Kubernetes {@value #HELM_LIBRARY_KUBE_VERSION}
     * (helm-java has no --kube-version) and the chart's constraint would refuse it; what the chart is validated against
     * instead is KubernetesSchemaCheck's stated version; (2) the helm.sh/hook annotation renamed to {@value #HOOK}, because
     * helm-java's template returns the release's manifest without its hooks, and the `helm test` Pod must be checked too.
     */
    static synchronized Path chartUnderTest() {
        if (staged != null) {
            return staged;
        }
        Path source = Repository.chart();
        Path target = Repository.root().resolve("deploy/target/chart-under-test/parley");
        try {
            if (Files.exists(target)) {
                try (var old = Files.walk(target)) {
                    for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            try (var files = Files.walk(source)) {
                for (Path from : files.toList()) {
                    Path to = target.resolve(source.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                        continue;
                    }
                    String text = Files.readString(from);
                    if (from.equals(source.resolve("Chart.yaml"))) {
                        String without = text.replaceAll("(?m)^kubeVersion:.*\\R", "");
                        if (without.equals(text)) {
                            throw new IllegalStateException("Chart.yaml declares no kubeVersion");
                        }
                        text = without;
                    } else if (from.startsWith(source.resolve("templates"))) {
                        text = text.replace("helm.sh/hook:", HOOK + ":");
                    }
                    Files.writeString(to, text);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        staged = target;
        return target;
    }

    /** What the rendered test hooks carry instead of helm.sh/hook (see {@link #chartUnderTest()}). */
    static final String HOOK = "ci.parley.io/helm-hook";

    static RenderedChart parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        // Helm separates documents with "---" lines; each is one object (or empty when a template renders nothing)
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.trim().startsWith("#"))) {
                continue;
            }
            KubernetesResource parsed = SERIALIZATION.unmarshal(document);
            if (!(parsed instanceof HasMetadata object)) {
                throw new IllegalStateException("not a Kubernetes object: " + document);
            }
            objects.add(object);
        }
        return new RenderedChart(yaml, List.copyOf(objects));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " rendered"));
    }

    static String nameOf(String service) {
        return RELEASE + "-" + service;
    }

    /** The Deployment's container of the same name as the service (the component label), as a wiring to check. */
    static ContainerWiring wiringOf(Deployment deployment) {
        String service = deployment.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component");
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + " has no container " + service));
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            env.put(var.getName(), var.getValueFrom() != null ? null : var.getValue());
        }
        ContainerPort http = container.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                .orElse(null);
        ContainerPort management = container.getPorts().stream().filter(p -> "management".equals(p.getName()))
                .findFirst().orElse(null);
        Map<String, ContainerWiring.Probe> probes = new LinkedHashMap<>();
        probe(container, container.getLivenessProbe(), "liveness", probes);
        probe(container, container.getReadinessProbe(), "readiness", probes);
        probe(container, container.getStartupProbe(), "startup", probes);
        return new ContainerWiring("chart Deployment " + deployment.getMetadata().getName(), service, env,
                http == null ? null : http.getContainerPort(),
                management == null ? null : management.getContainerPort(), probes);
    }

    private static void probe(Container container, Probe probe, String kind, Map<String, ContainerWiring.Probe> out) {
        if (probe == null) {
            return;
        }
        HTTPGetAction get = probe.getHttpGet();
        if (get == null) {
            out.put(kind, new ContainerWiring.Probe("(not an HTTP GET)", null));
            return;
        }
        out.put(kind, new ContainerWiring.Probe(get.getPath(), resolvePort(container, get.getPort())));
    }

    /** A probe or Service port given by name means the container port of that name. */
    static Integer resolvePort(Container container, IntOrString port) {
        if (port == null) {
            return null;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst().orElse(null);
    }
}
