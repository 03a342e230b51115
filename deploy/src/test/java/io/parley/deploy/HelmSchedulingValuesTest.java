package io.parley.deploy;

import static io.parley.deploy.HelmChartTest.CI_VALUES;
import static io.parley.deploy.HelmChartTest.EVERYTHING_VALUES;
import static io.parley.deploy.HelmChartTest.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20.1: every scheduling and wiring knob, global and per service, lands where Kubernetes reads it
 * (src/test/resources/values-everything.yaml sets each one; the defaults come from values-ci.yaml).
 */
class HelmSchedulingValuesTest {

    static RenderedChart defaults;
    static RenderedChart everything;

    @BeforeAll
    static void render() {
        defaults = RenderedChart.render(Map.of(), resource(CI_VALUES));
        everything = RenderedChart.render(Map.of(), resource(CI_VALUES), resource(EVERYTHING_VALUES));
    }

    static PodSpec pod(RenderedChart chart, String service) {
        return chart.named(Deployment.class, RenderedChart.nameOf(service)).getSpec().getTemplate().getSpec();
    }

    static Map<String, String> podLabels(RenderedChart chart, String service) {
        return chart.named(Deployment.class, RenderedChart.nameOf(service)).getSpec().getTemplate().getMetadata()
                .getLabels();
    }

    static Map<String, String> podAnnotations(RenderedChart chart, String service) {
        return chart.named(Deployment.class, RenderedChart.nameOf(service)).getSpec().getTemplate().getMetadata()
                .getAnnotations();
    }

    @Test
    void byDefaultGatewayReplicasPreferDifferentNodesAndNothingElseIsConstrained() {
        var gateway = pod(defaults, "gateway").getAffinity().getPodAntiAffinity();
        assertTrue(gateway.getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty());
        var preferred = gateway.getPreferredDuringSchedulingIgnoredDuringExecution();
        assertEquals(1, preferred.size());
        assertEquals("kubernetes.io/hostname", preferred.get(0).getPodAffinityTerm().getTopologyKey());
        // the term selects the gateway's own pods, exactly as its Deployment does
        assertEquals(defaults.named(Deployment.class, RenderedChart.nameOf("gateway")).getSpec().getSelector()
                .getMatchLabels(), preferred.get(0).getPodAffinityTerm().getLabelSelector().getMatchLabels());
        for (String service : List.of("auth-service", "chat-service", "session-service", "media-service")) {
            PodSpec pod = pod(defaults, service);
            assertNull(pod.getAffinity(), service);
            assertTrue(pod.getTolerations().isEmpty(), service);
            assertTrue(pod.getNodeSelector().isEmpty(), service);
            assertTrue(pod.getTopologySpreadConstraints().isEmpty(), service);
            assertNull(pod.getPriorityClassName(), service);
        }
    }

    @Test
    void globalSchedulingKnobsReachEveryServiceAndTheServicesOwnAddToThem() {
        for (String service : Repository.SERVICES) {
            PodSpec pod = pod(everything, service);
            assertEquals("linux", pod.getNodeSelector().get("kubernetes.io/os"), service);
            assertTrue(pod.getTolerations().stream().anyMatch(t -> "dedicated".equals(t.getKey())
                    && "chat".equals(t.getValue()) && "NoSchedule".equals(t.getEffect())), service);
            assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getName().equals("ca-bundle")
                    && "corporate-ca".equals(v.getConfigMap().getName())), service);
            assertTrue(pod.getContainers().get(0).getVolumeMounts().stream()
                    .anyMatch(m -> m.getName().equals("ca-bundle") && m.getMountPath().equals("/etc/ssl/corporate")
                            && m.getReadOnly()), service);
            assertEquals("42", podLabels(everything, service).get("example.org/cost-centre"), service);
            TopologySpreadConstraint zone = pod.getTopologySpreadConstraints().get(0);
            assertEquals("topology.kubernetes.io/zone", zone.getTopologyKey());
            // a constraint given without a selector spreads the service's own pods
            assertEquals(service, zone.getLabelSelector().getMatchLabels().get("app.kubernetes.io/component"));
        }
        PodSpec chat = pod(everything, "chat-service");
        assertEquals("parley-normal", chat.getPriorityClassName());
        assertEquals("chat", podAnnotations(everything, "chat-service").get("example.org/team"));
        assertEquals("node.example.org/pool", chat.getAffinity().getNodeAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPreference().getMatchExpressions()
                .get(0).getKey());

        PodSpec gateway = pod(everything, "gateway");
        assertEquals("parley-critical", gateway.getPriorityClassName(), "the service's own replaces the global one");
        assertEquals(Map.of("kubernetes.io/os", "linux", "node.example.org/edge", "true"), gateway.getNodeSelector());
        assertEquals(List.of("dedicated", "edge"), gateway.getTolerations().stream().map(Toleration::getKey).toList());
        assertEquals(List.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"),
                gateway.getTopologySpreadConstraints().stream().map(TopologySpreadConstraint::getTopologyKey).toList());
        assertEquals("edge", podAnnotations(everything, "gateway").get("example.org/team"), "the service's wins");
        assertEquals("edge", podLabels(everything, "gateway").get("example.org/tier"));
        assertNotNull(podAnnotations(everything, "gateway").get("checksum/secrets"), "the chart's own stay");
        // the chart's own volumes (the /internal key, the Kafka CA of values-everything.yaml), then the global extra
        // ones, then the service's
        assertEquals(List.of("tmp", "internal-key", "kafka-truststore", "ca-bundle", "scratch"),
                gateway.getVolumes().stream().map(Volume::getName).toList());
        assertEquals(List.of("/tmp", "/etc/parley/internal", "/etc/parley/kafka/truststore", "/etc/ssl/corporate",
                "/deployments/scratch"), gateway.getContainers().get(0).getVolumeMounts().stream()
                .map(VolumeMount::getMountPath).toList());
        // the global nodeAffinity stays, and the hard preset requires different nodes
        assertNotNull(gateway.getAffinity().getNodeAffinity());
        var required = gateway.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        assertEquals("kubernetes.io/hostname", required.get(0).getTopologyKey());
        assertTrue(gateway.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()
                .isEmpty());
    }

    @Test
    void aServicesOwnAffinityReplacesTheGlobalOneAndItsPreset() {
        var auth = pod(everything, "auth-service").getAffinity();
        assertNull(auth.getNodeAffinity(), "the service's affinity replaces the global one");
        var term = auth.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution().get(0);
        assertEquals(10, term.getWeight());
        assertEquals("topology.kubernetes.io/zone", term.getPodAffinityTerm().getTopologyKey());

        RenderedChart chart = RenderedChart.render(Map.of("services.gateway.affinity.podAntiAffinity"
                + ".requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey", "topology.kubernetes.io/zone",
                "services.gateway.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]"
                        + ".labelSelector.matchLabels.app", "gw"), resource(CI_VALUES));
        var anti = pod(chart, "gateway").getAffinity().getPodAntiAffinity();
        assertTrue(anti.getPreferredDuringSchedulingIgnoredDuringExecution().isEmpty(), "no preset over it");
        assertEquals("topology.kubernetes.io/zone", anti.getRequiredDuringSchedulingIgnoredDuringExecution().get(0)
                .getTopologyKey());

        RenderedChart noPreset = RenderedChart.render(Map.of("services.gateway.podAntiAffinityPreset", ""),
                resource(CI_VALUES));
        assertNull(pod(noPreset, "gateway").getAffinity());
    }

    @Test
    void probeOverridesMergeOverTheChartsProbesOfThatServiceOnly() {
        Container gateway = pod(everything, "gateway").getContainers().get(0);
        assertEquals(5, gateway.getReadinessProbe().getPeriodSeconds());
        assertEquals(2, gateway.getReadinessProbe().getTimeoutSeconds());
        assertEquals(3, gateway.getReadinessProbe().getFailureThreshold(), "what is not overridden stays");
        assertEquals("/q/health/ready", gateway.getReadinessProbe().getHttpGet().getPath());
        assertEquals(60, gateway.getStartupProbe().getFailureThreshold());
        assertEquals("/q/health/started", gateway.getStartupProbe().getHttpGet().getPath());
        assertEquals(10, gateway.getLivenessProbe().getPeriodSeconds());
        Container chat = pod(everything, "chat-service").getContainers().get(0);
        assertEquals(10, chat.getReadinessProbe().getPeriodSeconds());
        assertEquals(30, chat.getStartupProbe().getFailureThreshold());
        // only timings: the path and port stay the ones CI checks against the service
        Exception path = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("services.gateway.probes.readiness.httpGet.path", "/"), resource(CI_VALUES)));
        assertTrue(path.getMessage().contains("httpGet"), path.getMessage());
    }

    @Test
    void oneServiceAccountWithoutATokenForEveryPod() {
        ServiceAccount account = everything.named(ServiceAccount.class, "parley");
        assertFalse(account.getAutomountServiceAccountToken());
        assertEquals("arn:aws:iam::123456789012:role/parley",
                account.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn"));
        for (String service : Repository.SERVICES) {
            assertEquals("parley", pod(everything, service).getServiceAccountName(), service);
            assertFalse(pod(everything, service).getAutomountServiceAccountToken(), service);
        }
        RenderedChart existing = RenderedChart.render(Map.of("serviceAccount.create", false,
                "serviceAccount.name", "chat-runner"), resource(CI_VALUES));
        assertTrue(existing.all(ServiceAccount.class).isEmpty());
        assertEquals("chat-runner", pod(existing, "chat-service").getServiceAccountName());
        RenderedChart none = RenderedChart.render(Map.of("serviceAccount.create", false), resource(CI_VALUES));
        assertEquals("default", pod(none, "chat-service").getServiceAccountName());
    }

    @Test
    void podLabelsAndAnnotationsCannotReplaceTheChartsOwn() {
        RenderedChart chart = RenderedChart.render(Map.of("podLabels.app\\.kubernetes\\.io/component", "other",
                "services.chat-service.podLabels.app\\.kubernetes\\.io/instance", "other",
                "podAnnotations.checksum/secrets", "x"), resource(CI_VALUES));
        Map<String, String> labels = podLabels(chart, "chat-service");
        assertEquals("chat-service", labels.get("app.kubernetes.io/component"));
        assertEquals(RenderedChart.RELEASE, labels.get("app.kubernetes.io/instance"));
        assertTrue(podAnnotations(chart, "chat-service").get("checksum/secrets").matches("[0-9a-f]{64}"));
    }

    @Test
    void serviceTypeAndAnnotationsArePerService() {
        Service gateway = everything.named(Service.class, RenderedChart.nameOf("gateway"));
        assertEquals("LoadBalancer", gateway.getSpec().getType());
        assertEquals("nlb", gateway.getMetadata().getAnnotations()
                .get("service.beta.kubernetes.io/aws-load-balancer-type"));
        Service chat = everything.named(Service.class, RenderedChart.nameOf("chat-service"));
        assertEquals("ClusterIP", chat.getSpec().getType());
        assertTrue(chat.getMetadata().getAnnotations() == null || chat.getMetadata().getAnnotations().isEmpty());
    }

    @Test
    void theStrictSchemaAcceptsTheKnobsButStillRefusesUnknownKeysAndBadValues() {
        Exception misspelt = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("services.gateway.nodeSelectors.a", "b"), resource(CI_VALUES)));
        assertTrue(misspelt.getMessage().contains("nodeSelectors"), misspelt.getMessage());
        Exception globalMisspelt = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("toleration[0].key", "x"), resource(CI_VALUES)));
        assertTrue(globalMisspelt.getMessage().contains("toleration"), globalMisspelt.getMessage());
        Exception preset = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("services.gateway.podAntiAffinityPreset", "sometimes"), resource(CI_VALUES)));
        assertTrue(preset.getMessage().contains("podAntiAffinityPreset"), preset.getMessage());
        Exception serviceType = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("services.gateway.service.type", "ExternalName"), resource(CI_VALUES)));
        assertTrue(serviceType.getMessage().contains("type"), serviceType.getMessage());
        Exception mount = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("extraVolumeMounts[0].name", "x"), resource(CI_VALUES)));
        assertTrue(mount.getMessage().contains("mountPath"), mount.getMessage());
    }
}
