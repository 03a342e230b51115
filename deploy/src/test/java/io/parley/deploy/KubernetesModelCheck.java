package io.parley.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates rendered objects against the Kubernetes API model: each must be a known typed kind with no field the
 * model does not know (a misspelt or misplaced key lands in the model's "additionalProperties"), and the objects must
 * refer to each other correctly (selectors, named ports, Secrets and claims, autoscaler and budget targets).
 */
final class KubernetesModelCheck {

    /** Custom resources the model has no class for here; their structure is checked by hand below. */
    private static final Set<String> CUSTOM_KINDS = Set.of("monitoring.coreos.com/v1/ServiceMonitor",
            "monitoring.coreos.com/v1/PrometheusRule");

    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

    private final List<HasMetadata> objects;
    private final List<String> problems = new ArrayList<>();

    private KubernetesModelCheck(List<HasMetadata> objects) {
        this.objects = objects;
    }

    static List<String> check(List<HasMetadata> objects) {
        KubernetesModelCheck check = new KubernetesModelCheck(objects);
        check.run();
        return check.problems;
    }

    private void run() {
        for (HasMetadata object : objects) {
            String id = id(object);
            if (object instanceof GenericKubernetesResource generic) {
                if (!CUSTOM_KINDS.contains(generic.getApiVersion() + "/" + generic.getKind())) {
                    problems.add(id + ": not a kind of the Kubernetes API model (apiVersion or kind wrong?)");
                }
            } else {
                unknownFields(object, id, 0);
            }
            if (object.getMetadata() == null || object.getMetadata().getName() == null) {
                problems.add(id + ": no metadata.name");
            } else if (!DNS_1035_LABEL.matcher(object.getMetadata().getName()).matches()) {
                problems.add(id + ": name is not a DNS-1035 label of at most 63 characters");
            }
        }
        all(Deployment.class).forEach(this::deployment);
        all(Service.class).forEach(this::service);
        all(HorizontalPodAutoscaler.class).forEach(this::autoscaler);
        all(PodDisruptionBudget.class).forEach(this::disruptionBudget);
        all(Ingress.class).forEach(this::ingress);
        all(NetworkPolicy.class).forEach(this::networkPolicy);
        objects.stream().filter(o -> o instanceof GenericKubernetesResource && "ServiceMonitor".equals(o.getKind()))
                .map(GenericKubernetesResource.class::cast).forEach(this::serviceMonitor);
        all(HTTPRoute.class).forEach(this::httpRoute);
    }

    private void httpRoute(HTTPRoute route) {
        String id = id(route);
        if (route.getSpec().getParentRefs().isEmpty()) {
            problems.add(id + ": no parentRefs, so no Gateway serves it");
        }
        if (route.getSpec().getRules().isEmpty()) {
            problems.add(id + ": no rules");
        }
        route.getSpec().getRules().forEach(rule -> rule.getBackendRefs().forEach(backend -> {
            Optional<Service> service = find(Service.class, backend.getName());
            if (service.isEmpty()) {
                problems.add(id + ": no Service " + backend.getName());
            } else if (service.get().getSpec().getPorts().stream().noneMatch(p -> p.getPort().equals(backend.getPort()))) {
                problems.add(id + ": Service " + backend.getName() + " has no port " + backend.getPort());
            }
        }));
    }

    private void deployment(Deployment d) {
        String id = id(d);
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
        if (selector == null || selector.isEmpty() || !podLabels.entrySet().containsAll(selector.entrySet())) {
            problems.add(id + ": selector " + selector + " does not select its own pod labels " + podLabels);
        }
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        for (Container c : pod.getContainers()) {
            String cid = id + " container " + c.getName();
            if (c.getImage() == null || c.getImage().isBlank()) {
                problems.add(cid + ": no image");
            }
            if (c.getResources() == null || c.getResources().getRequests() == null
                    || !c.getResources().getRequests().containsKey("cpu")
                    || !c.getResources().getRequests().containsKey("memory")) {
                problems.add(cid + ": no cpu and memory requests (the scheduler and the autoscaler need them)");
            }
            if (c.getLivenessProbe() == null || c.getReadinessProbe() == null) {
                problems.add(cid + ": needs both a liveness and a readiness probe");
            }
            for (var probe : java.util.Arrays.asList(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())) {
                if (probe != null && probe.getHttpGet() != null
                        && RenderedChart.resolvePort(c, probe.getHttpGet().getPort()) == null) {
                    problems.add(cid + ": probe port " + text(probe.getHttpGet().getPort()) + " names no container port");
                }
            }
            for (EnvVar env : c.getEnv()) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    var ref = env.getValueFrom().getSecretKeyRef();
                    secretKey(cid + " env " + env.getName(), ref.getName(), ref.getKey());
                }
            }
            for (var mount : c.getVolumeMounts()) {
                if (pod.getVolumes().stream().noneMatch(v -> v.getName().equals(mount.getName()))) {
                    problems.add(cid + ": mounts volume " + mount.getName() + " that the pod does not declare");
                }
            }
        }
        for (Volume v : pod.getVolumes()) {
            if (v.getSecret() != null) {
                secretKey(id + " volume " + v.getName(), v.getSecret().getSecretName(), null);
            }
            if (v.getPersistentVolumeClaim() != null && find(PersistentVolumeClaim.class,
                    v.getPersistentVolumeClaim().getClaimName()).isEmpty()) {
                problems.add(id + " volume " + v.getName() + ": no PersistentVolumeClaim "
                        + v.getPersistentVolumeClaim().getClaimName());
            }
        }
    }

    private void secretKey(String where, String secretName, String key) {
        Optional<Secret> secret = find(Secret.class, secretName);
        if (secret.isEmpty()) {
            problems.add(where + ": refers to Secret " + secretName + " that the chart does not render");
            return;
        }
        Map<String, String> data = new java.util.HashMap<>();
        if (secret.get().getData() != null) {
            data.putAll(secret.get().getData());
        }
        if (secret.get().getStringData() != null) {
            data.putAll(secret.get().getStringData());
        }
        if (key != null && !data.containsKey(key)) {
            problems.add(where + ": Secret " + secretName + " has no key " + key);
        }
    }

    private void service(Service s) {
        String id = id(s);
        List<Deployment> selected = selectedDeployments(s.getSpec().getSelector());
        if (selected.size() != 1) {
            problems.add(id + ": selector " + s.getSpec().getSelector() + " selects " + selected.size()
                    + " Deployments, expected exactly one");
            return;
        }
        for (ServicePort port : s.getSpec().getPorts()) {
            if (containerPort(selected.get(0), port.getTargetPort()) == null) {
                problems.add(id + ": targetPort " + text(port.getTargetPort()) + " is no container port of "
                        + selected.get(0).getMetadata().getName());
            }
        }
    }

    private void autoscaler(HorizontalPodAutoscaler h) {
        String id = id(h);
        var target = h.getSpec().getScaleTargetRef();
        Optional<Deployment> deployment = find(Deployment.class, target.getName());
        if (!"Deployment".equals(target.getKind()) || deployment.isEmpty()) {
            problems.add(id + ": scales " + target.getKind() + " " + target.getName() + ", which is not rendered");
            return;
        }
        if (deployment.get().getSpec().getReplicas() != null) {
            problems.add(id + ": " + target.getName() + " also fixes replicas, so every upgrade undoes the autoscaler");
        }
        Integer min = h.getSpec().getMinReplicas();
        if (min == null || min < 1 || min > h.getSpec().getMaxReplicas()) {
            problems.add(id + ": minReplicas " + min + " not within 1.." + h.getSpec().getMaxReplicas());
        }
    }

    private void disruptionBudget(PodDisruptionBudget p) {
        String id = id(p);
        List<Deployment> selected = selectedDeployments(p.getSpec().getSelector().getMatchLabels());
        if (selected.size() != 1) {
            problems.add(id + ": selects " + selected.size() + " Deployments, expected exactly one");
            return;
        }
        IntOrString minAvailable = p.getSpec().getMinAvailable();
        if (minAvailable != null && minAvailable.getIntVal() != null) {
            Deployment d = selected.get(0);
            Integer replicas = d.getSpec().getReplicas();
            if (replicas == null) {
                replicas = find(HorizontalPodAutoscaler.class, d.getMetadata().getName())
                        .map(h -> h.getSpec().getMinReplicas()).orElse(1);
            }
            if (minAvailable.getIntVal() >= replicas) {
                problems.add(id + ": minAvailable " + minAvailable.getIntVal() + " with " + replicas
                        + " replicas blocks every node drain");
            }
        }
    }

    private void ingress(Ingress i) {
        String id = id(i);
        i.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
            IngressBackend backend = path.getBackend();
            Optional<Service> service = find(Service.class, backend.getService().getName());
            if (service.isEmpty()) {
                problems.add(id + " " + path.getPath() + ": no Service " + backend.getService().getName());
                return;
            }
            var port = backend.getService().getPort();
            boolean exists = service.get().getSpec().getPorts().stream().anyMatch(p ->
                    (port.getName() != null && port.getName().equals(p.getName()))
                            || (port.getNumber() != null && port.getNumber().equals(p.getPort())));
            if (!exists) {
                problems.add(id + " " + path.getPath() + ": Service " + service.get().getMetadata().getName()
                        + " has no port " + port);
            }
        }));
    }

    private void networkPolicy(NetworkPolicy n) {
        String id = id(n);
        List<Deployment> selected = selectedDeployments(n.getSpec().getPodSelector().getMatchLabels());
        if (selected.isEmpty()) {
            problems.add(id + ": selects no Deployment");
            return;
        }
        n.getSpec().getIngress().forEach(rule -> {
            for (NetworkPolicyPort port : rule.getPorts()) {
                if (containerPort(selected.get(0), port.getPort()) == null) {
                    problems.add(id + ": port " + text(port.getPort()) + " is no container port of "
                            + selected.get(0).getMetadata().getName());
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void serviceMonitor(GenericKubernetesResource monitor) {
        String id = id(monitor);
        Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
        Map<String, Object> selector = spec == null ? null : (Map<String, Object>) spec.get("selector");
        Map<String, String> labels = selector == null ? null : (Map<String, String>) selector.get("matchLabels");
        List<Service> services = all(Service.class).stream()
                .filter(s -> labels != null && s.getMetadata().getLabels().entrySet().containsAll(labels.entrySet()))
                .toList();
        if (services.isEmpty()) {
            problems.add(id + ": selects no Service");
        }
        List<Map<String, Object>> endpoints = spec == null ? List.of()
                : (List<Map<String, Object>>) spec.getOrDefault("endpoints", List.of());
        if (endpoints.isEmpty()) {
            problems.add(id + ": no endpoints");
        }
        for (Map<String, Object> endpoint : endpoints) {
            for (Service s : services) {
                if (s.getSpec().getPorts().stream().noneMatch(p -> p.getName().equals(endpoint.get("port")))) {
                    problems.add(id + ": Service " + s.getMetadata().getName() + " has no port " + endpoint.get("port"));
                }
            }
            if (!"/q/metrics".equals(endpoint.get("path"))) {
                problems.add(id + ": scrapes " + endpoint.get("path") + ", but Quarkus serves metrics at /q/metrics");
            }
        }
    }

    /** The container port a Service, NetworkPolicy or probe port means: by number, or by the port's name. */
    private static Integer containerPort(Deployment d, IntOrString port) {
        if (port == null) {
            return null;
        }
        for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
            for (var cp : c.getPorts()) {
                boolean matches = port.getIntVal() != null ? port.getIntVal().equals(cp.getContainerPort())
                        : port.getStrVal().equals(cp.getName());
                if (matches) {
                    return cp.getContainerPort();
                }
            }
        }
        return null;
    }

    private List<Deployment> selectedDeployments(Map<String, String> selector) {
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        return all(Deployment.class).stream()
                .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                        .containsAll(selector.entrySet()))
                .toList();
    }

    /**
     * Walks the typed object through its getters; a non-empty additionalProperties anywhere is a field the model does
     * not know at that place, which the API server would reject or (worse) silently drop.
     */
    private void unknownFields(Object node, String path, int depth) {
        if (node == null || depth > 40) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", depth + 1);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, depth + 1));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": field(s) " + extra.keySet() + " unknown to the Kubernetes model of "
                            + node.getClass().getSimpleName());
                }
                continue;
            }
            unknownFields(value, path + "." + field, depth + 1);
        }
    }

    private <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name != null && name.equals(o.getMetadata().getName())).findFirst();
    }

    private static String text(IntOrString port) {
        return port == null ? "(none)" : port.getIntVal() != null ? port.getIntVal().toString() : port.getStrVal();
    }

    private static String id(HasMetadata o) {
        return o.getKind() + " " + (o.getMetadata() == null ? "?" : o.getMetadata().getName());
    }
}
