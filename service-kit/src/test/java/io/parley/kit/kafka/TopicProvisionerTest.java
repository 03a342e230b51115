package io.parley.kit.kafka;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The start-up errors of a broker that refuses (the real refusals are asserted in system-tests' KafkaAclTest). */
class TopicProvisionerTest {

    @Test
    void aRefusedLoginNamesTheJaasConfig() {
        SaslAuthenticationException cause = new SaslAuthenticationException(
                "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512");
        IllegalStateException error = TopicProvisioner.refused("broker:9093", cause);
        assertTrue(error.getMessage().contains("refused this service's login"), error.getMessage());
        assertTrue(error.getMessage().contains("KAFKA_SASL_JAAS_CONFIG"), error.getMessage());
        assertTrue(error.getMessage().contains("invalid credentials"), error.getMessage());
        assertSame(cause, error.getCause());
    }

    @Test
    void anUntrustedCertificateNamesTheTrustStore() {
        IllegalStateException error = TopicProvisioner.refused("broker:9093",
                new SslAuthenticationException("SSL handshake failed", new SSLHandshakeException("PKIX path building failed")));
        assertTrue(error.getMessage().contains("TLS handshake failed"), error.getMessage());
        assertTrue(error.getMessage().contains("KAFKA_SSL_TRUSTSTORE_LOCATION"), error.getMessage());
    }

    @Test
    void aMissingAclNamesTheRefusedOperationEvenWhenWrapped() {
        IllegalStateException error = TopicProvisioner.refused("broker:9093",
                new KafkaException("wrapped", new TopicAuthorizationException(Set.of("auth.users"))));
        assertTrue(error.getMessage().contains("TopicAuthorizationException"), error.getMessage());
        assertTrue(error.getMessage().contains("auth.users"), error.getMessage());
        assertTrue(error.getMessage().contains("ACL"), error.getMessage());
    }

    @Test
    void aRefusedTopicCreationNamesTheTopic() {
        IllegalStateException error = TopicProvisioner.refused("broker:9093",
                new TopicAuthorizationException("Authorization failed."), "creating the missing topic chat.commands");
        assertTrue(error.getMessage().contains("did not authorize this service creating the missing topic "
                + "chat.commands (TopicAuthorizationException: Authorization failed.)"), error.getMessage());
    }
}
