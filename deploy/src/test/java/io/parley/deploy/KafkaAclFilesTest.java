package io.parley.deploy;

import io.parley.devstack.KafkaAcls;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kafka ACLs shipped for operators grant exactly the table in code ({@link KafkaAcls#TABLE}, what the secure
 * devstack applies and system-tests' KafkaAclTest asserts): {@code deploy/kafka/acls.sh}, run with
 * {@code KAFKA_ACLS=echo}, and {@code deploy/k8s/examples/strimzi-kafkausers.yaml}, parsed. No drift either way.
 * Under a release's prefix ({@code PARLEY_KAFKA_PREFIX}) too: the script's and the KafkaUsers' (rewritten with the
 * sed line their header gives) grants are {@link KafkaAcls#table(String)} of that prefix.
 */
class KafkaAclFilesTest {

    /** One permission in a form all three sources share: resource type and operation in kafka-acls' spelling. */
    record Grant(String principal, String resourceType, String patternType, String resource, String operation) {

        @Override
        public String toString() {
            return principal + " " + operation + " " + resourceType + " " + resource + " (" + patternType + ")";
        }
    }

    @Test
    void theScriptGrantsExactlyTheTable() throws Exception {
        theScriptGrantsExactlyTheTableUnder("");
    }

    @Test
    void theScriptGrantsTheTableUnderAReleasesPrefix() throws Exception {
        theScriptGrantsExactlyTheTableUnder("blue.");
    }

    @Test
    void theScriptRefusesAPrefixKafkaCannotTake() throws Exception {
        Process process = acls("blue release.");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "acls.sh did not end");
        assertEquals(2, process.exitValue(), output);
        assertEquals("PARLEY_KAFKA_PREFIX \"blue release.\" is not a legal Kafka topic prefix: only ASCII letters, "
                + "digits, '.', '_' and '-'", output.strip());
    }

    private static Process acls(String prefix) throws IOException {
        Path script = Repository.root().resolve("deploy/kafka/acls.sh");
        ProcessBuilder run = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        run.environment().put("KAFKA_ACLS", "echo");
        run.environment().put("BOOTSTRAP", "broker:9093");
        run.environment().put("COMMAND_CONFIG", "admin.properties");
        run.environment().remove("PARLEY_KAFKA_PREFIX");
        if (!prefix.isEmpty()) {
            run.environment().put("PARLEY_KAFKA_PREFIX", prefix);
        }
        return run.start();
    }

    private void theScriptGrantsExactlyTheTableUnder(String prefix) throws Exception {
        Process process = acls(prefix);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "acls.sh did not end");
        assertEquals(0, process.exitValue(), output);

        Set<Grant> granted = new HashSet<>();
        for (String line : output.strip().split("\n")) {
            List<String> args = List.of(line.strip().split(" +"));
            assertEquals(List.of("--bootstrap-server", "broker:9093", "--command-config", "admin.properties", "--add"),
                    args.subList(0, 5), line);
            assertEquals("*", value(args, "--allow-host"), line);
            String principal = value(args, "--allow-principal");
            assertTrue(principal.startsWith("User:"), line);
            String pattern = args.contains("--resource-pattern-type") ? value(args, "--resource-pattern-type")
                    : "literal";
            String type = null;
            String resource = null;
            for (String flag : List.of("--topic", "--group", "--transactional-id")) {
                if (args.contains(flag)) {
                    type = flag.substring(2);
                    resource = value(args, flag);
                }
            }
            assertTrue(type != null, "no resource in: " + line);
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).equals("--operation")) {
                    granted.add(new Grant(principal.substring(5), type, pattern, resource,
                            args.get(i + 1).toLowerCase(Locale.ROOT)));
                }
            }
        }
        assertSameGrants(granted, "deploy/kafka/acls.sh", prefix);
    }

    @Test
    void theStrimziUsersGrantExactlyTheTable() throws IOException {
        Path file = Repository.root().resolve("deploy/k8s/examples/strimzi-kafkausers.yaml");
        assertStrimziUsersGrant(Files.readString(file), "", "");
    }

    @Test
    void theStrimziUsersRewrittenForAReleaseGrantTheTableUnderItsPrefix() throws Exception {
        // the sed line of the file's header, for the release blue.
        Path file = Repository.root().resolve("deploy/k8s/examples/strimzi-kafkausers.yaml");
        Process sed = new ProcessBuilder("sed", "-E", "-e", "s/^(          name: )/\\1blue./", "-e",
                "s/^(  name: )/\\1blue-/", file.toString()).redirectErrorStream(true).start();
        String rewritten = new String(sed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(sed.waitFor(30, TimeUnit.SECONDS), "sed did not end");
        assertEquals(0, sed.exitValue(), rewritten);
        assertTrue(Files.readString(file).contains("#   sed -E -e 's/^(          name: )/\\1blue./' -e "
                + "'s/^(  name: )/\\1blue-/' strimzi-kafkausers.yaml"), "the header's sed line is the one tested here");
        assertStrimziUsersGrant(rewritten, "blue.", "blue-");
    }

    private static void assertStrimziUsersGrant(String yaml, String prefix, String userPrefix) {
        Set<Grant> granted = new HashSet<>();
        List<String> users = new ArrayList<>();
        try (Reader in = new java.io.StringReader(yaml)) {
            for (Object document : new Yaml().loadAll(in)) {
                Map<?, ?> user = (Map<?, ?>) document;
                assertEquals("kafka.strimzi.io/v1beta2", user.get("apiVersion"));
                assertEquals("KafkaUser", user.get("kind"));
                String fullName = (String) ((Map<?, ?>) user.get("metadata")).get("name");
                assertTrue(fullName.startsWith(userPrefix), fullName);
                String name = fullName.substring(userPrefix.length());
                users.add(name);
                Map<?, ?> spec = (Map<?, ?>) user.get("spec");
                assertEquals("scram-sha-512", ((Map<?, ?>) spec.get("authentication")).get("type"), name);
                Map<?, ?> authorization = (Map<?, ?>) spec.get("authorization");
                assertEquals("simple", authorization.get("type"), name);
                for (Object entry : (List<?>) authorization.get("acls")) {
                    Map<?, ?> acl = (Map<?, ?>) entry;
                    Map<?, ?> resource = (Map<?, ?>) acl.get("resource");
                    assertEquals("*", acl.get("host"), name);
                    String type = switch ((String) resource.get("type")) {
                        case "topic" -> "topic";
                        case "group" -> "group";
                        case "transactionalId" -> "transactional-id";
                        default -> throw new AssertionError("unknown resource type in " + acl);
                    };
                    String pattern = switch ((String) resource.get("patternType")) {
                        case "literal" -> "literal";
                        case "prefix" -> "prefixed";
                        default -> throw new AssertionError("unknown pattern type in " + acl);
                    };
                    for (Object operation : (List<?>) acl.get("operations")) {
                        granted.add(new Grant(name, type, pattern, (String) resource.get("name"),
                                ((String) operation).toLowerCase(Locale.ROOT)));
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(List.of("parley-gateway", "parley-auth", "parley-chat", "parley-session", "parley-media"), users);
        assertSameGrants(granted, "deploy/k8s/examples/strimzi-kafkausers.yaml", prefix);
    }

    private static void assertSameGrants(Set<Grant> granted, String file, String prefix) {
        Set<Grant> table = new HashSet<>();
        for (KafkaAcls.Grant grant : KafkaAcls.table(prefix)) {
            table.add(new Grant(grant.principal(),
                    grant.resourceType().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    grant.patternType() == PatternType.PREFIXED ? "prefixed" : "literal", grant.resource(),
                    grant.operation().name().toLowerCase(Locale.ROOT)));
        }
        Set<String> missing = new TreeSet<>();
        table.stream().filter(g -> !granted.contains(g)).forEach(g -> missing.add(g.toString()));
        Set<String> extra = new TreeSet<>();
        granted.stream().filter(g -> !table.contains(g)).forEach(g -> extra.add(g.toString()));
        assertTrue(missing.isEmpty() && extra.isEmpty(),
                file + " differs from KafkaAcls.table(\"" + prefix + "\"); missing: " + missing + "; not in the table: " + extra);
    }

    private static String value(List<String> args, String flag) {
        int at = args.indexOf(flag);
        assertTrue(at >= 0 && at + 1 < args.size(), flag + " without a value in " + args);
        return args.get(at + 1);
    }
}
