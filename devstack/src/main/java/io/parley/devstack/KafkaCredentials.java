package io.parley.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * The secure mode's SCRAM-SHA-512 logins on the embedded broker: the devstack's super user {@code parley-admin} and
 * one principal per service, each with a random password generated once and kept in
 * {@code <PARLEY_HOME>/kafka-secure/credentials.properties} (owner-only), beside the data directory the broker was
 * formatted with them: delete the whole {@code kafka-secure} directory to start over with new ones.
 */
public final class KafkaCredentials {

    public static final String ADMIN = "parley-admin";
    public static final String GATEWAY = "parley-gateway";
    public static final String CHAT = "parley-chat";
    public static final String AUTH = "parley-auth";
    public static final String SESSION = "parley-session";
    public static final String MEDIA = "parley-media";
    /** Every login the broker knows in secure mode, the admin first. */
    public static final List<String> PRINCIPALS = List.of(ADMIN, GATEWAY, CHAT, AUTH, SESSION, MEDIA);

    public static final String MECHANISM = "SCRAM-SHA-512";

    private final Properties passwords;

    private KafkaCredentials(Properties passwords) {
        this.passwords = passwords;
    }

    /** The directory of the secure broker: its data and the logins it was formatted with. */
    static Path directory(DevstackConfig config) {
        return config.home().resolve("kafka-secure");
    }

    /** The logins of {@code config}'s secure broker, generated now if there are none yet. */
    public static synchronized KafkaCredentials ensure(DevstackConfig config) {
        Path file = directory(config).resolve("credentials.properties");
        try {
            Properties passwords = new Properties();
            if (Files.isRegularFile(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    passwords.load(in);
                }
            }
            boolean missing = PRINCIPALS.stream().anyMatch(p -> passwords.getProperty(p) == null);
            if (missing) {
                if (Files.isDirectory(directory(config).resolve("data"))) {
                    // the broker's metadata holds the old passwords: new ones would lock everyone out
                    throw new IllegalStateException(file + " is missing or incomplete but " + directory(config)
                            + "/data was formatted with the logins it held: delete " + directory(config)
                            + " to start the secure broker afresh");
                }
                SecureRandom random = new SecureRandom();
                for (String principal : PRINCIPALS) {
                    byte[] bytes = new byte[24];
                    random.nextBytes(bytes);
                    passwords.setProperty(principal, HexFormat.of().formatHex(bytes));
                }
                Files.createDirectories(file.getParent());
                Files.deleteIfExists(file);
                Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (Writer out = Files.newBufferedWriter(file, StandardOpenOption.TRUNCATE_EXISTING)) {
                    passwords.store(out, "SCRAM-SHA-512 logins of the secure devstack broker (generated once)");
                }
            }
            return new KafkaCredentials(passwords);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }

    public String password(String principal) {
        String password = passwords.getProperty(principal);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka login named " + principal + "; known: " + PRINCIPALS);
        }
        return password;
    }

    /** {@code sasl.jaas.config} of a client logging in as {@code principal}. */
    public String jaasConfig(String principal) {
        return jaasConfig(principal, password(principal));
    }

    /** {@code sasl.jaas.config} for any name and password (tests log in with wrong ones). */
    public static String jaasConfig(String principal, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal
                + "\" password=\"" + password + "\";";
    }

    /** The {@code StorageTool format --add-scram} arguments that bootstrap every login into the metadata log. */
    List<String> formatArguments() {
        return PRINCIPALS.stream()
                .flatMap(p -> java.util.stream.Stream.of("--add-scram",
                        MECHANISM + "=[name=" + p + ",password=" + password(p) + "]"))
                .toList();
    }
}
