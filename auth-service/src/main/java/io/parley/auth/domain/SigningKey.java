package io.parley.auth.domain;

import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;

/**
 * One RS256 key pair with its key id (the RFC 7638 thumbprint of the public key).
 *
 * @param activatesAt from when it signs; it signs until a later key activates
 * @param privateKey  null for a previous key known only by its public half (PEM mode)
 */
public record SigningKey(String kid, RSAPublicKey publicKey, PrivateKey privateKey, Instant activatesAt) {
}
