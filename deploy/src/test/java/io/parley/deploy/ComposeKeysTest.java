package io.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 in docker-compose.yml: the one-shot service `keys` (deploy/compose/generate-keys.sh) makes the /internal
 * key pair and auth-service's key-encryption key into named volumes before any service starts; each is mounted
 * read-only where it is used and nowhere else. The generator is run for real here (it needs openssl, as the image does).
 */
class ComposeKeysTest {

    static final Path GENERATOR = Repository.root().resolve("deploy/compose/generate-keys.sh");

    static ComposeFile compose;
    static WiringCheck wiring;

    @BeforeAll
    static void load() {
        compose = ComposeFile.load();
        wiring = WiringCheck.ofRepository();
    }

    /** The services that mount a volume, with the container path and whether read-only. */
    static List<String> mountsOf(String volume) {
        List<String> out = new ArrayList<>();
        for (String name : compose.services().keySet()) {
            Object volumes = compose.service(name).get("volumes");
            if (volumes instanceof List<?> list) {
                for (Object v : list) {
                    String[] parts = String.valueOf(v).split(":");
                    if (parts[0].equals(volume)) {
                        out.add(name + " " + parts[1] + (parts.length > 2 ? ":" + parts[2] : ""));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyServiceWaitsForTheKeysWhichAreMadeOnceByTheServicesBaseImage() {
        for (String service : Repository.SERVICES) {
            assertEquals("service_completed_successfully", compose.dependsOn(service).get("keys"), service);
        }
        Map<String, Object> keys = compose.service("keys");
        assertEquals("no", String.valueOf(keys.get("restart")), "a one-shot service");
        // the image every service is built on (it has openssl), so a machine that can build them can run this
        assertTrue(compose.raw("keys", "image").startsWith("${PARLEY_BASE_IMAGE:-"), compose.raw("keys", "image"));
        assertEquals(compose.buildArgs("gateway").get("BASE_IMAGE"), ComposeFile.interpolate(compose.raw("keys", "image")));
        assertTrue(compose.volumes("keys").containsKey("./deploy/compose/generate-keys.sh"));
        assertTrue(Files.isRegularFile(GENERATOR));
    }

    @Test
    void eachKeyIsMountedReadOnlyWhereItIsUsedAndNowhereElse() {
        String dir = compose.environment("keys").get("PARLEY_KEYS_DIR");
        for (String volume : List.of("internal-private", "internal-public", "auth-config")) {
            assertTrue(compose.namedVolumes().contains(volume), volume);
            // the generator writes <PARLEY_KEYS_DIR>/<volume>/...
            assertEquals(dir + "/" + volume, compose.volumes("keys").get(volume), volume);
        }
        assertEquals(List.of("keys /run/parley/internal-private", "gateway /etc/parley/internal:ro"),
                mountsOf("internal-private"), "the private key: the gateway only");
        assertEquals(List.of("keys /run/parley/internal-public", "chat-service /etc/parley/internal:ro",
                "session-service /etc/parley/internal:ro"), mountsOf("internal-public"));
        assertEquals("/etc/parley/internal/private.pem", compose.environment("gateway").get("PARLEY_INTERNAL_PRIVATE_KEY_LOCATION"));
        for (String callee : List.of("chat-service", "session-service")) {
            assertEquals("/etc/parley/internal/public.pem", compose.environment(callee).get("PARLEY_INTERNAL_PUBLIC_KEY_LOCATION"));
        }
        // auth-service reads <working directory>/config/application.properties at start-up (Quarkus, ordinal 260)
        List<String> workdir = Dockerfile.shared().all("WORKDIR");
        assertEquals(1, workdir.size(), "one WORKDIR in " + Repository.dockerfile());
        assertEquals(List.of("keys /run/parley/auth-config", "auth-service " + workdir.get(0) + "/config:ro"),
                mountsOf("auth-config"));
        for (String other : List.of("chat-service", "session-service", "media-service", "gateway")) {
            assertFalse(compose.environment(other).containsKey("PARLEY_AUTH_KEYS_ENCRYPTION_KEY"), other);
        }
    }

    @Test
    void theGeneratorMakesAMatchingP256PairAndA32ByteKeyAndKeepsThemOnTheNextRun(@TempDir Path dir) throws Exception {
        for (String volume : List.of("internal-private", "internal-public", "auth-config")) {
            Files.createDirectories(dir.resolve(volume));
        }
        run(dir);
        Path privatePem = dir.resolve("internal-private/private.pem");
        Path publicPem = dir.resolve("internal-public/public.pem");
        Path auth = dir.resolve("auth-config/application.properties");
        ECPrivateKey privateKey = (ECPrivateKey) KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(der(privatePem, "PRIVATE KEY")));
        ECPublicKey publicKey = (ECPublicKey) KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(der(publicPem, "PUBLIC KEY")));
        assertEquals(256, privateKey.getParams().getCurve().getField().getFieldSize(), "P-256 (ES256)");
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(privateKey);
        signer.update("GET /internal/presence".getBytes(StandardCharsets.UTF_8));
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update("GET /internal/presence".getBytes(StandardCharsets.UTF_8));
        assertTrue(verifier.verify(signature), "the public key is the private key's half");

        Properties properties = new Properties();
        properties.load(new java.io.StringReader(Files.readString(auth)));
        assertEquals(1, properties.size(), "only the key: " + properties.keySet());
        String property = properties.stringPropertyNames().iterator().next();
        assertTrue(wiring.config("auth-service").documentedOptional().contains(property)
                        || wiring.config("auth-service").productionProperties().contains(property),
                property + " is no property of auth-service's application.properties");
        assertEquals(32, Base64.getDecoder().decode(properties.getProperty(property)).length);
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privatePem)));
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(auth)));

        // the next `up`: the same keys (a new encryption key would make the stored signing keys unreadable)
        byte[] privateBefore = Files.readAllBytes(privatePem);
        byte[] authBefore = Files.readAllBytes(auth);
        Files.delete(publicPem);
        run(dir);
        assertArrayEquals(privateBefore, Files.readAllBytes(privatePem));
        assertArrayEquals(authBefore, Files.readAllBytes(auth));
        assertEquals(publicKey, KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der(publicPem, "PUBLIC KEY"))),
                "the public half is made again from the kept private key");
    }

    private static void run(Path dir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", GENERATOR.toString()).redirectErrorStream(true);
        builder.environment().put("PARLEY_KEYS_DIR", dir.toString());
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "generate-keys.sh did not finish within 60 s");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("keys: ready"), output);
    }

    private static byte[] der(Path pem, String type) throws IOException {
        String text = Files.readString(pem);
        String begin = "-----BEGIN " + type + "-----";
        int start = text.indexOf(begin);
        int end = text.indexOf("-----END " + type + "-----");
        assertTrue(start >= 0 && end > start, pem + " is not a PEM " + type + ":\n" + text);
        return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
    }
}
