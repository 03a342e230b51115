package io.parley.deploy;

import static io.parley.deploy.HelmChartTest.CI_VALUES;
import static io.parley.deploy.HelmChartTest.EVERYTHING_VALUES;
import static io.parley.deploy.HelmChartTest.resource;
import static io.parley.deploy.HelmChartTest.secretOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 20.2 (chart part), 20.3's HTTPRoute, 20.5 and the calls values: where media-service keeps files, S3
 * credentials from a Secret, session-service's calls settings and coturn, the Gateway API route and the `helm test`
 * Pod.
 */
class HelmStorageAndCallsValuesTest {

    static final Path S3_VALUES = Path.of("src/test/resources/values-s3.yaml");
    static final Path CALLS_VALUES = Path.of("src/test/resources/values-calls.yaml");

    static Deployment media(RenderedChart chart) {
        return chart.named(Deployment.class, RenderedChart.nameOf("media-service"));
    }

    static Map<String, EnvVar> env(Deployment deployment) {
        Map<String, EnvVar> env = new LinkedHashMap<>();
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().forEach(e -> env.put(e.getName(), e));
        return env;
    }

    static Volume mediaData(RenderedChart chart) {
        return media(chart).getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("media-data")).findFirst().orElseThrow();
    }

    @Test
    void byDefaultMediaFilesLiveOnAKeptReadWriteOnceClaimAndTheServiceIsRecreatedNotRolled() {
        RenderedChart chart = RenderedChart.render(Map.of(), resource(CI_VALUES));
        PersistentVolumeClaim claim = chart.named(PersistentVolumeClaim.class, RenderedChart.nameOf("media-service"));
        assertEquals(List.of("ReadWriteOnce"), claim.getSpec().getAccessModes());
        assertEquals("keep", claim.getMetadata().getAnnotations().get("helm.sh/resource-policy"));
        assertEquals(claim.getMetadata().getName(), mediaData(chart).getPersistentVolumeClaim().getClaimName());
        assertNull(mediaData(chart).getEmptyDir());
        Deployment media = media(chart);
        assertEquals("Recreate", media.getSpec().getStrategy().getType());
        assertNull(media.getSpec().getStrategy().getRollingUpdate());
        assertEquals(1, media.getSpec().getReplicas());
        assertEquals("/deployments/data", env(media).get("PARLEY_HOME").getValue());
        assertFalse(env(media).containsKey("PARLEY_MEDIA_STORE"), "filesystem is media-service's own default");
        // every other service still rolls without losing capacity
        assertEquals("RollingUpdate", chart.named(Deployment.class, RenderedChart.nameOf("chat-service")).getSpec()
                .getStrategy().getType());
    }

    @Test
    void aReadWriteManyClaimRollsAndMayRunSeveralReplicas() {
        RenderedChart chart = RenderedChart.render(Map.of(), resource(CI_VALUES), resource(EVERYTHING_VALUES));
        assertEquals("RollingUpdate", media(chart).getSpec().getStrategy().getType());
        assertEquals(2, media(chart).getSpec().getReplicas());
    }

    @Test
    void severalReplicasOnAReadWriteOnceVolumeAreRefusedWithTheWayOut() {
        Exception replicas = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("services.media-service.replicas", 2), resource(CI_VALUES)));
        assertTrue(replicas.getMessage().contains("media.store s3"), replicas.getMessage());
        Exception autoscaled = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("services.media-service.autoscaling.enabled", true), resource(CI_VALUES)));
        assertTrue(autoscaled.getMessage().contains("ReadWriteMany"), autoscaled.getMessage());
    }

    @Test
    void anExistingClaimIsUsedAndNoneIsCreated() {
        RenderedChart chart = RenderedChart.render(Map.of("media.persistence.existingClaim", "media-files"),
                resource(CI_VALUES));
        assertTrue(chart.all(PersistentVolumeClaim.class).isEmpty());
        assertEquals("media-files", mediaData(chart).getPersistentVolumeClaim().getClaimName());
    }

    @Test
    void notesSayWhereTheFilesLive() {
        String claim = RenderedChart.notes(Map.of(), resource(CI_VALUES));
        assertTrue(claim.contains("PersistentVolumeClaim parley-media-service, mounted at /deployments/data/media"),
                claim);
        assertTrue(claim.contains("helm test parley"), claim);
        String s3 = RenderedChart.notes(Map.of(), resource(CI_VALUES), resource(S3_VALUES));
        assertTrue(s3.contains("S3 bucket parley-media at http://minio.storage.svc:9000"), s3);
        String lost = RenderedChart.notes(Map.of("media.persistence.enabled", false), resource(CI_VALUES));
        assertTrue(lost.contains("LOST"), lost);
        RenderedChart chart = RenderedChart.render(Map.of("media.persistence.enabled", false), resource(CI_VALUES));
        assertNotNull(mediaData(chart).getEmptyDir());
        assertTrue(chart.all(PersistentVolumeClaim.class).isEmpty());
    }

    @Test
    void theS3StoreGetsItsSettingsAndCredentialsFromASecretAndNeedsNoClaim() {
        RenderedChart chart = RenderedChart.render(Map.of(), resource(CI_VALUES), resource(S3_VALUES));
        assertTrue(chart.all(PersistentVolumeClaim.class).isEmpty(), "no claim with s3");
        Deployment media = media(chart);
        assertEquals("RollingUpdate", media.getSpec().getStrategy().getType());
        assertEquals(2, media.getSpec().getReplicas());
        assertNotNull(mediaData(chart).getEmptyDir(), "a scratch directory only");
        Map<String, EnvVar> env = env(media);
        assertEquals("s3", env.get("PARLEY_MEDIA_STORE").getValue());
        assertEquals("http://minio.storage.svc:9000", env.get("PARLEY_MEDIA_S3_ENDPOINT").getValue());
        assertEquals("eu-central-1", env.get("PARLEY_MEDIA_S3_REGION").getValue());
        assertEquals("parley-media", env.get("PARLEY_MEDIA_S3_BUCKET").getValue());
        assertEquals("true", env.get("PARLEY_MEDIA_S3_PATH_STYLE").getValue());
        assertEquals("16M", env.get("PARLEY_MEDIA_S3_PART_SIZE").getValue());
        String secretName = RenderedChart.nameOf("media-s3");
        for (String credential : List.of("PARLEY_MEDIA_S3_ACCESS_KEY_ID", "PARLEY_MEDIA_S3_SECRET_ACCESS_KEY")) {
            assertNull(env.get(credential).getValue(), credential + " is never a plain value");
            assertEquals(secretName, secretOf(media, credential));
        }
        Secret secret = chart.named(Secret.class, secretName);
        assertEquals("dev-placeholder-key-id", decoded(secret, "access-key-id"));
        assertEquals("dev-placeholder-not-a-secret", decoded(secret, "secret-access-key"));
        List<String> problems = KubernetesModelCheck.check(chart.objects());
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        // and every PARLEY_MEDIA_S3_* is a setting media-service reads (its application.properties)
        List<String> wiring = WiringCheck.ofRepository().check(RenderedChart.wiringOf(media));
        assertTrue(wiring.isEmpty(), () -> String.join("\n", wiring));

        RenderedChart defaults = RenderedChart.render(Map.of("media.store", "s3", "media.s3.bucket", "b",
                "media.s3.existingSecret", "s3-credentials"), resource(CI_VALUES));
        Map<String, EnvVar> defaultEnv = env(media(defaults));
        assertEquals("false", defaultEnv.get("PARLEY_MEDIA_S3_PATH_STYLE").getValue());
        assertEquals("8M", defaultEnv.get("PARLEY_MEDIA_S3_PART_SIZE").getValue());
        assertFalse(defaultEnv.containsKey("PARLEY_MEDIA_S3_ENDPOINT"), "the SDK's endpoint for the region");
        assertEquals("s3-credentials", secretOf(media(defaults), "PARLEY_MEDIA_S3_SECRET_ACCESS_KEY"));
        assertTrue(defaults.all(Secret.class).stream()
                .noneMatch(s -> s.getMetadata().getName().equals(RenderedChart.nameOf("media-s3"))));
    }

    @Test
    void withoutCredentialsTheS3StoreUsesTheSdksDefaultChainSuchAsAnIamRoleOfTheServiceAccount() {
        RenderedChart chart = RenderedChart.render(Map.of("media.store", "s3", "media.s3.bucket", "b",
                "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn", "arn:aws:iam::1:role/media"),
                resource(CI_VALUES));
        Map<String, EnvVar> env = env(media(chart));
        assertEquals("s3", env.get("PARLEY_MEDIA_STORE").getValue());
        assertFalse(env.containsKey("PARLEY_MEDIA_S3_ACCESS_KEY_ID"));
        assertFalse(env.containsKey("PARLEY_MEDIA_S3_SECRET_ACCESS_KEY"));
        assertTrue(chart.all(Secret.class).stream()
                .noneMatch(s -> s.getMetadata().getName().equals(RenderedChart.nameOf("media-s3"))));
        assertEquals("arn:aws:iam::1:role/media", chart.named(io.fabric8.kubernetes.api.model.ServiceAccount.class,
                "parley").getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn"));
    }

    @Test
    void theS3StoreWithoutBucketOrWithHalfTheCredentialsIsRefusedWithTheValuesName() {
        Exception bucket = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("media.store", "s3", "media.s3.existingSecret", "x"), resource(CI_VALUES)));
        assertTrue(bucket.getMessage().contains("media.s3.bucket"), bucket.getMessage());
        Exception half = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("media.store", "s3", "media.s3.bucket", "b", "media.s3.accessKeyId", "id"), resource(CI_VALUES)));
        assertTrue(half.getMessage().contains("media.s3.secretAccessKey"), half.getMessage());
        Exception store = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("media.store", "gcs"), resource(CI_VALUES)));
        assertTrue(store.getMessage().contains("store"), store.getMessage());
    }

    @Test
    void callsSettingsReachSessionServiceOnlyWithTheTurnSecretFromASecret() {
        RenderedChart chart = RenderedChart.render(Map.of(), resource(CI_VALUES), resource(CALLS_VALUES));
        Deployment session = chart.named(Deployment.class, RenderedChart.nameOf("session-service"));
        Map<String, EnvVar> env = env(session);
        assertEquals("stun:turn.chat.example:3478", env.get("PARLEY_CALLS_STUN_URLS").getValue());
        assertEquals("turn:turn.chat.example:3478?transport=udp,turns:turn.chat.example:5349?transport=tcp",
                env.get("PARLEY_CALLS_TURN_URLS").getValue());
        assertEquals("30m", env.get("PARLEY_CALLS_TURN_TTL").getValue());
        assertEquals("6", env.get("PARLEY_CALLS_MAX_PARTICIPANTS").getValue());
        assertNull(env.get("PARLEY_CALLS_TURN_SECRET").getValue());
        assertEquals(RenderedChart.nameOf("calls"), secretOf(session, "PARLEY_CALLS_TURN_SECRET"));
        assertEquals("dev-placeholder-not-a-secret",
                decoded(chart.named(Secret.class, RenderedChart.nameOf("calls")), "turn-secret"));
        // every PARLEY_CALLS_* is a setting session-service reads (its application.properties, parley.calls.*)
        List<String> wiring = WiringCheck.ofRepository().check(RenderedChart.wiringOf(session));
        assertTrue(wiring.isEmpty(), () -> String.join("\n", wiring));
        for (String other : List.of("gateway", "chat-service", "media-service", "auth-service")) {
            assertTrue(env(chart.named(Deployment.class, RenderedChart.nameOf(other))).keySet().stream()
                    .noneMatch(n -> n.startsWith("PARLEY_CALLS_")), other);
        }
        // by default nothing: session-service's own defaults
        RenderedChart defaults = RenderedChart.render(Map.of(), resource(CI_VALUES));
        assertTrue(env(defaults.named(Deployment.class, RenderedChart.nameOf("session-service"))).keySet().stream()
                .noneMatch(n -> n.startsWith("PARLEY_CALLS_")));
        assertTrue(defaults.objects().stream().noneMatch(o -> o.getMetadata().getName().contains("coturn")));
    }

    @Test
    void coturnSharesTheTurnSecretThroughUseAuthSecret() {
        RenderedChart chart = RenderedChart.render(Map.of(), resource(CI_VALUES), resource(CALLS_VALUES));
        Deployment coturn = chart.named(Deployment.class, RenderedChart.nameOf("coturn"));
        var pod = coturn.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().get(0);
        assertEquals("coturn/coturn:4.6.3", container.getImage());
        assertTrue(container.getArgs().contains("--use-auth-secret"));
        assertTrue(container.getArgs().contains("--static-auth-secret=$(TURN_SECRET)"), "expanded by the kubelet");
        assertTrue(container.getArgs().contains("--realm=turn.chat.example"));
        EnvVar secret = container.getEnv().stream().filter(e -> e.getName().equals("TURN_SECRET")).findFirst()
                .orElseThrow();
        assertEquals(RenderedChart.nameOf("calls"), secret.getValueFrom().getSecretKeyRef().getName());
        assertEquals("turn-secret", secret.getValueFrom().getSecretKeyRef().getKey());
        assertTrue(pod.getHostNetwork());
        Service service = chart.named(Service.class, RenderedChart.nameOf("coturn"));
        assertEquals(List.of("UDP", "TCP"), service.getSpec().getPorts().stream().map(p -> p.getProtocol()).toList());
        List<String> problems = KubernetesModelCheck.check(chart.objects());
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));

        RenderedChart existing = RenderedChart.render(Map.of("coturn.enabled", true, "calls.existingSecret", "turn"),
                resource(CI_VALUES));
        assertEquals("turn", existing.named(Deployment.class, RenderedChart.nameOf("coturn")).getSpec().getTemplate()
                .getSpec().getContainers().get(0).getEnv().get(0).getValueFrom().getSecretKeyRef().getName());
        assertEquals("turn", secretOf(existing.named(Deployment.class, RenderedChart.nameOf("session-service")),
                "PARLEY_CALLS_TURN_SECRET"));
        assertTrue(existing.all(Secret.class).stream()
                .noneMatch(s -> s.getMetadata().getName().equals(RenderedChart.nameOf("calls"))));
    }

    @Test
    void turnWithoutASecretAndBadCallsValuesAreRefused() {
        Exception coturn = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("coturn.enabled", true), resource(CI_VALUES)));
        assertTrue(coturn.getMessage().contains("calls.turnSecret"), coturn.getMessage());
        Exception urls = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("calls.turnUrls[0]", "turn:turn.example:3478"), resource(CI_VALUES)));
        assertTrue(urls.getMessage().contains("calls.turnSecret"), urls.getMessage());
        Exception participants = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("calls.maxParticipants", 100), resource(CI_VALUES)));
        assertTrue(participants.getMessage().contains("maxParticipants"), participants.getMessage());
        Exception stun = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("calls.stunUrls[0]", "turn.example:3478"), resource(CI_VALUES)));
        assertTrue(stun.getMessage().contains("stunUrls"), stun.getMessage());
    }

    @Test
    void theHttpRouteServesTheIngressPathsWithoutATimeoutOnTheSocket() {
        RenderedChart chart = RenderedChart.render(Map.of(), resource(CI_VALUES), resource(EVERYTHING_VALUES));
        HTTPRoute route = chart.named(HTTPRoute.class, RenderedChart.nameOf("gateway"));
        assertEquals("gateway.networking.k8s.io/v1", route.getApiVersion());
        assertEquals(List.of("chat.example"), route.getSpec().getHostnames());
        assertEquals("public", route.getSpec().getParentRefs().get(0).getName());
        assertEquals("https", route.getSpec().getParentRefs().get(0).getSectionName());
        Map<String, String> types = new LinkedHashMap<>();
        for (HTTPRouteRule rule : route.getSpec().getRules()) {
            boolean socket = rule.getMatches().stream().anyMatch(m -> "/ws".equals(m.getPath().getValue()));
            assertEquals(socket ? null : "60s", rule.getTimeouts() == null ? null : rule.getTimeouts().getRequest());
            assertEquals(List.of(RenderedChart.nameOf("gateway")),
                    rule.getBackendRefs().stream().map(b -> b.getName()).toList());
            for (HTTPRouteMatch match : rule.getMatches()) {
                types.put(match.getPath().getValue(), "PathPrefix".equals(match.getPath().getType()) ? "Prefix" : "Exact");
            }
        }
        var ingress = chart.named(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class,
                RenderedChart.nameOf("gateway"));
        Map<String, String> ingressTypes = new LinkedHashMap<>();
        ingress.getSpec().getRules().get(0).getHttp().getPaths().forEach(p -> ingressTypes.put(p.getPath(), p.getPathType()));
        assertEquals(ingressTypes, types);

        Exception parents = assertThrows(Exception.class, () -> RenderedChart.render(
                Map.of("httpRoute.enabled", true), resource(CI_VALUES)));
        assertTrue(parents.getMessage().contains("httpRoute.parentRefs"), parents.getMessage());
    }

    @Test
    void theHelmTestPodChecksTheKeySetAndARefusedTokenlessSocketThroughTheGatewayService() {
        RenderedChart chart = RenderedChart.render(Map.of("tests.image", "registry.example/curl:8"), resource(CI_VALUES));
        Pod test = chart.named(Pod.class, RenderedChart.nameOf("test"));
        assertEquals("test", test.getMetadata().getAnnotations().get(RenderedChart.HOOK));
        assertEquals("Never", test.getSpec().getRestartPolicy());
        var container = test.getSpec().getContainers().get(0);
        assertEquals("registry.example/curl:8", container.getImage());
        Service gateway = chart.named(Service.class, RenderedChart.nameOf("gateway"));
        assertEquals("http://" + gateway.getMetadata().getName() + ":" + gateway.getSpec().getPorts().get(0).getPort(),
                container.getEnv().stream().filter(e -> e.getName().equals("GATEWAY")).findFirst().orElseThrow()
                        .getValue());
        String script = String.join("\n", container.getArgs());
        assertTrue(script.contains("\"$GATEWAY/api/auth/jwks\"") && script.contains("[ \"$jwks\" = 200 ]"), script);
        assertTrue(script.contains("Upgrade: websocket") && script.contains("\"$GATEWAY/ws\"")
                && script.contains("[ \"$ws\" = 401 ]"), script);
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
        assertTrue(test.getSpec().getSecurityContext().getRunAsNonRoot());
        // the source keeps the real hook annotation (the staged copy renames it only so helm-java renders the Pod)
        String source = Repository.read(Repository.chart().resolve("templates/tests/gateway-test.yaml"));
        assertTrue(source.contains("helm.sh/hook: test"), source);
    }

    static String decoded(Secret secret, String key) {
        String value = secret.getData().get(key);
        assertNotNull(value, secret.getMetadata().getName() + " has no " + key);
        return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }
}
