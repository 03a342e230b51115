package io.parley.devstack;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * PEM text from DER bytes. A class of its own, free of BouncyCastle: services' tests load {@link InternalCredentials}
 * in their own JVM, where the devstack's dependencies (BouncyCastle among them) are excluded on purpose.
 */
final class Pem {

    private Pem() {
    }

    /** DER as PEM text of the given type ({@code CERTIFICATE}, {@code PRIVATE KEY}, {@code PUBLIC KEY}). */
    static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
