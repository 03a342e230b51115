package io.parley.devstack;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

/**
 * The secure mode's key material under {@code <PARLEY_HOME>/tls}, generated once (kept across restarts, so a client
 * that trusted the CA keeps trusting it): a CA of its own and one server certificate for {@code 127.0.0.1} and
 * {@code localhost}, signed by it, used by both the Kafka broker and PostgreSQL. Clients verify the server against
 * the CA, hostname included; nothing is "trust all".
 *
 * <ul>
 *   <li>{@code ca.crt}: the CA certificate (PEM), for PostgreSQL clients ({@code sslrootcert}) and operators</li>
 *   <li>{@code truststore.p12}: the CA certificate as a PKCS#12 trust store, for Kafka clients</li>
 *   <li>{@code server.crt}, {@code server.key}: the server certificate and its key (PEM, key readable by the owner
 *   only), for PostgreSQL</li>
 *   <li>{@code server.p12}: the server key and chain as a PKCS#12 key store, for the Kafka broker</li>
 *   <li>{@code store-password}: the password of both PKCS#12 stores (random, owner-only)</li>
 * </ul>
 */
public final class DevstackTls {

    private static final Duration VALIDITY = Duration.ofDays(825);

    private final Path dir;

    private DevstackTls(Path dir) {
        this.dir = dir;
    }

    /** The material of {@code config}, generated now if any file of it is missing. */
    public static DevstackTls ensure(DevstackConfig config) {
        DevstackTls tls = new DevstackTls(config.tls());
        if (!tls.complete()) {
            try {
                tls.generate();
            } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException("cannot generate the secure mode's certificates under " + tls.dir
                        + ": " + e.getMessage(), e);
            }
        }
        return tls;
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    public Path serverCertificate() {
        return dir.resolve("server.crt");
    }

    public Path serverKey() {
        return dir.resolve("server.key");
    }

    public Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    /** The password of {@link #trustStore()} and {@link #serverKeyStore()}. */
    public String storePassword() {
        try {
            return Files.readString(dir.resolve("store-password")).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + dir.resolve("store-password") + ": " + e.getMessage(), e);
        }
    }

    private boolean complete() {
        return Files.isRegularFile(caCertificate()) && Files.isRegularFile(trustStore())
                && Files.isRegularFile(serverCertificate()) && Files.isRegularFile(serverKey())
                && Files.isRegularFile(serverKeyStore()) && Files.isRegularFile(dir.resolve("store-password"));
    }

    private void generate() throws IOException, GeneralSecurityException, OperatorCreationException {
        Files.createDirectories(dir);
        SecureRandom random = new SecureRandom();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256, random);
        KeyPair caKeys = generator.generateKeyPair();
        KeyPair serverKeys = generator.generateKeyPair();
        Instant now = Instant.now();
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

        X500Name caName = new X500Name("CN=Parley devstack CA");
        X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(random),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
        X509Certificate caCert = sign(ca, caKeys.getPrivate());

        X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caCert, serial(random),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)),
                new X500Name("CN=localhost"), serverKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                .addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth,
                                KeyPurposeId.id_kp_clientAuth}))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")}))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(caCert));
        X509Certificate serverCert = sign(server, caKeys.getPrivate());

        String password = HexFormat.of().formatHex(bytes(random));
        writePrivate(dir.resolve("store-password"), password.getBytes(StandardCharsets.US_ASCII));
        Files.writeString(caCertificate(), Pem.encode("CERTIFICATE", caCert.getEncoded()));
        Files.writeString(serverCertificate(), Pem.encode("CERTIFICATE", serverCert.getEncoded())
                + Pem.encode("CERTIFICATE", caCert.getEncoded()));
        writePrivate(serverKey(), Pem.encode("PRIVATE KEY", serverKeys.getPrivate().getEncoded())
                .getBytes(StandardCharsets.US_ASCII));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("parley-devstack-ca", caCert);
        store(trust, trustStore(), password);

        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", serverKeys.getPrivate(), password.toCharArray(),
                new Certificate[] {serverCert, caCert});
        store(keys, serverKeyStore(), password);
    }

    private static byte[] bytes(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return bytes;
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(64, random).abs().add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static void store(KeyStore keyStore, Path file, String password)
            throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore.store(out, password.toCharArray());
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** Owner-only from the start (PostgreSQL refuses a key file others can read). */
    private static void writePrivate(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, content);
    }
}
