package io.parley.auth.service;

import org.jose4j.jwk.RsaJsonWebKey;

import java.security.interfaces.RSAPublicKey;

/** Key ids derived from the key itself (RFC 7638 thumbprint), so every instance names a key the same way. */
final class KeyIds {

    private KeyIds() {
    }

    static String thumbprint(RSAPublicKey publicKey) {
        return new RsaJsonWebKey(publicKey).calculateBase64urlEncodedThumbprint("SHA-256");
    }
}
