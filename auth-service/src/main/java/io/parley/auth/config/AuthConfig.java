package io.parley.auth.config;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;
import java.util.Optional;

/** auth-service's own settings (prefix parley.auth); defaults and their reasons live in application.properties. */
@ConfigMapping(prefix = "parley.auth")
public interface AuthConfig {

    /** The iss claim of every access token, and the only issuer accepted back. */
    String issuer();

    Duration accessTokenLifetime();

    Duration refreshTokenLifetime();

    /** Lifetime of the access tokens a bot gets for its bot token (docs/bots.md); no refresh token: it exchanges again. */
    Duration botAccessTokenLifetime();

    Bots bots();

    /** Bot accounts (docs/bots.md). */
    interface Bots {

        /** How many bots (not deleted) one user may own. */
        int maxPerOwner();
    }

    /** Leeway for exp/iat between machines whose clocks differ slightly. */
    Duration clockSkew();

    /** Argon2id passes (time cost). */
    int hashCost();

    /** Argon2id memory per hash, in KiB. */
    int hashMemoryKib();

    /**
     * Local accounts' password registration and login; an operator who signs everyone in through an external
     * OpenID Connect provider turns it off (parley.auth.oidc).
     */
    boolean passwordLogin();

    Keys keys();

    Throttle throttle();

    /** How often expired tokens, old failures and published outbox rows are deleted (a scheduler period). */
    String housekeepingInterval();

    Outbox outbox();

    /** The auth.users outbox relay. */
    interface Outbox {

        /** Period of the relay's poll for rows a crash or a Kafka outage left behind (a scheduler period). */
        String pollInterval();
    }

    /** Where signing keys come from and how generated ones rotate. */
    interface Keys {

        /** PEM (PKCS#8) private key; with public-location it replaces the generated keys (Kubernetes secret). */
        Optional<String> privateLocation();

        /** PEM (X.509 SubjectPublicKeyInfo) public key matching private-location. */
        Optional<String> publicLocation();

        /** PEM public key of the key that signed before the current one: stays in the JWKS while its tokens live. */
        Optional<String> previousPublicLocation();

        /**
         * Base64 of the 32-byte AES-256 key that encrypts the private halves of generated keys in the database
         * (PARLEY_AUTH_KEYS_ENCRYPTION_KEY); required unless a PEM pair is configured.
         */
        Optional<String> encryptionKey();

        /**
         * The key-encryption key being replaced (PARLEY_AUTH_KEYS_PREVIOUS_ENCRYPTION_KEY): stored keys that open only
         * with it are sealed again with encryption-key at start-up.
         */
        Optional<String> previousEncryptionKey();

        /** Age after which a generated key is replaced. */
        Duration rotationPeriod();

        /** How long a new generated key is published in the JWKS before it signs (longer than any JWKS cache). */
        Duration publishAhead();

        /** Period of the check whether a generated key is due for rotation (a scheduler period). */
        String rotationCheckInterval();

        /** Period of re-reading generated keys, to pick up those another instance made (a scheduler period). */
        String reloadInterval();
    }

    /** Failed-login bounds, counted in PostgreSQL so that they hold across instances. */
    interface Throttle {

        int maxFailuresPerUsername();

        int maxFailuresPerIp();

        Duration window();

        boolean enabled();
    }
}
