package io.parley.auth.service;

import io.parley.auth.config.AuthConfig;
import io.parley.auth.domain.KeyRing;
import io.parley.auth.domain.SigningKey;
import io.smallrye.jwt.util.KeyUtils;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The PEM mode's key ring, read from the configured locations (a Kubernetes Secret in production) and checked at
 * start-up: PEM of the right kind, RSA of at least 2048 bits, and a private key that belongs to its public key. Every
 * error names the setting and its environment variable, so a bad Secret stops the start with a message, not with
 * tokens nobody can verify.
 */
final class PemKeys {

    static final int MIN_RSA_BITS = 2048;
    private static final String PRIVATE = "parley.auth.keys.private-location (PARLEY_AUTH_KEYS_PRIVATE_LOCATION)";
    private static final String PUBLIC = "parley.auth.keys.public-location (PARLEY_AUTH_KEYS_PUBLIC_LOCATION)";
    private static final String PREVIOUS =
            "parley.auth.keys.previous-public-location (PARLEY_AUTH_KEYS_PREVIOUS_PUBLIC_LOCATION)";

    private PemKeys() {
    }

    /** Whether PEM keys are configured; refuses a public key without its private key (a half-configured Secret). */
    static boolean configured(AuthConfig.Keys keys) {
        if (keys.privateLocation().isEmpty()) {
            if (keys.publicLocation().isPresent() || keys.previousPublicLocation().isPresent()) {
                throw new IllegalStateException((keys.publicLocation().isPresent() ? PUBLIC : PREVIOUS)
                        + " is set but " + PRIVATE + " is not: set both of the pair, or neither to generate keys");
            }
            return false;
        }
        return true;
    }

    /** The configured pair (signing since ever) and the previous public key if any (verifying only). */
    static KeyRing load(AuthConfig.Keys keys) {
        String privateLocation = keys.privateLocation().orElseThrow();
        String publicLocation = keys.publicLocation().orElseThrow(() -> new IllegalStateException(
                PUBLIC + " must be set with " + PRIVATE));
        RSAPrivateKey privateKey = privateKey(privateLocation);
        RSAPublicKey publicKey = publicKey(PUBLIC, publicLocation);
        requirePair(privateKey, publicKey, privateLocation, publicLocation);
        List<SigningKey> ring = new ArrayList<>();
        ring.add(new SigningKey(KeyIds.thumbprint(publicKey), publicKey, privateKey, Instant.EPOCH));
        Optional<String> previousLocation = keys.previousPublicLocation();
        if (previousLocation.isPresent()) {
            RSAPublicKey previous = publicKey(PREVIOUS, previousLocation.get());
            ring.add(new SigningKey(KeyIds.thumbprint(previous), previous, null, Instant.EPOCH.minusSeconds(1)));
        }
        return new KeyRing(ring, null);
    }

    static RSAPrivateKey privateKey(String location) {
        String pem = read(PRIVATE, location);
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new IllegalStateException(PRIVATE + ": " + location + " is a PKCS#1 key (BEGIN RSA PRIVATE KEY); "
                    + "give it as PKCS#8 (BEGIN PRIVATE KEY): openssl pkcs8 -topk8 -nocrypt -in old.pem -out new.pem");
        }
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalStateException(PRIVATE + ": " + location + " is an encrypted PKCS#8 key; give it "
                    + "unencrypted (the Secret protects it): openssl pkcs8 -topk8 -nocrypt -in old.pem -out new.pem");
        }
        byte[] der = body(PRIVATE, location, pem, "PRIVATE KEY");
        try {
            RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(der));
            return requireSize(PRIVATE, location, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(PRIVATE + ": " + location + " is not an RSA private key (RS256 needs "
                    + "RSA; an EC or Ed25519 key does not do): " + e.getMessage(), e);
        }
    }

    static RSAPublicKey publicKey(String setting, String location) {
        String pem = read(setting, location);
        if (pem.contains("-----BEGIN RSA PUBLIC KEY-----")) {
            throw new IllegalStateException(setting + ": " + location + " is a PKCS#1 public key (BEGIN RSA PUBLIC "
                    + "KEY); give it as BEGIN PUBLIC KEY: openssl pkey -in private.pem -pubout");
        }
        if (pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalStateException(setting + ": " + location + " is a certificate; give its public key "
                    + "(BEGIN PUBLIC KEY): openssl x509 -in cert.pem -pubkey -noout");
        }
        byte[] der = body(setting, location, pem, "PUBLIC KEY");
        try {
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            return requireSize(setting, location, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(setting + ": " + location + " is not an RSA public key (RS256 needs RSA): "
                    + e.getMessage(), e);
        }
    }

    /** Same modulus (and exponent, where the private key carries it), then a signature the public key verifies. */
    private static void requirePair(RSAPrivateKey privateKey, RSAPublicKey publicKey, String privateLocation,
            String publicLocation) {
        boolean sameExponent = !(privateKey instanceof RSAPrivateCrtKey crt)
                || crt.getPublicExponent().equals(publicKey.getPublicExponent());
        boolean matches = privateKey.getModulus().equals(publicKey.getModulus()) && sameExponent;
        if (matches) {
            try {
                byte[] probe = "parley signing key pair check".getBytes(StandardCharsets.US_ASCII);
                Signature signer = Signature.getInstance("SHA256withRSA");
                signer.initSign(privateKey);
                signer.update(probe);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance("SHA256withRSA");
                verifier.initVerify(publicKey);
                verifier.update(probe);
                matches = verifier.verify(signature);
            } catch (GeneralSecurityException e) {
                matches = false;
            }
        }
        if (!matches) {
            throw new IllegalStateException("the private key " + privateLocation + " (" + PRIVATE + ") does not "
                    + "belong to the public key " + publicLocation + " (" + PUBLIC + "): tokens it signed would not "
                    + "verify. Derive the public key from the private one: openssl pkey -in private.pem -pubout");
        }
    }

    private static <K extends RSAKey> K requireSize(String setting, String location, K key) {
        BigInteger modulus = key.getModulus();
        if (modulus.bitLength() < MIN_RSA_BITS) {
            throw new IllegalStateException(setting + ": " + location + " is a " + modulus.bitLength()
                    + "-bit RSA key; RS256 keys need at least " + MIN_RSA_BITS + " bits (openssl genpkey -algorithm "
                    + "RSA -pkeyopt rsa_keygen_bits:3072)");
        }
        return key;
    }

    private static String read(String setting, String location) {
        try {
            // readKeyContent understands file:, classpath: and https: locations
            return KeyUtils.readKeyContent(location);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(setting + ": cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    /** The base64 body between {@code -----BEGIN type-----} and its END line. */
    private static byte[] body(String setting, String location, String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int start = pem.indexOf(begin);
        int stop = start < 0 ? -1 : pem.indexOf(end, start);
        if (stop < 0) {
            throw new IllegalStateException(setting + ": " + location + " is not a PEM " + type.toLowerCase(java.util.Locale.ROOT)
                    + " (no '" + begin + "' ... '" + end + "' block)");
        }
        try {
            return Base64.getDecoder().decode(pem.substring(start + begin.length(), stop).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + ": " + location + " is not a PEM " + type.toLowerCase(java.util.Locale.ROOT)
                    + " (its body is not base64)", e);
        }
    }
}
