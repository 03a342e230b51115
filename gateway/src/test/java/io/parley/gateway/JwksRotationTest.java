package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.gateway.support.JwksDouble;
import io.parley.gateway.support.RawWebSocket;
import io.parley.gateway.support.TestSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.KeyPair;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * auth-service rotates its signing key: a token with the new {@code kid} is admitted at the upgrade without a restart
 * (the JWKS is refetched once), and tokens with random unknown kids are refused 401 without refetching the JWKS for
 * each of them (at most one forced refetch per smallrye.jwt.jwks.forced-refresh-interval, one minute).
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(JwksDouble.Resource.class)
class JwksRotationTest {

    @TestHTTPResource("/")
    URI base;

    private int upgrade(String token) throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(base.getPort(),
                Map.of("Authorization", "Bearer " + token, "X-Forwarded-For", TestSocket.randomIp()), 0)) {
            return socket.status;
        }
    }

    @Test
    void aRotatedKeyIsAdmittedAfterOneRefetchAndUnknownKidsDoNotHammerTheJwks() throws Exception {
        JwksDouble jwks = JwksDouble.current();
        KeyPair first = JwksDouble.newKeyPair();
        KeyPair second = JwksDouble.newKeyPair();
        KeyPair stranger = JwksDouble.newKeyPair();
        jwks.serve(Map.of("key-1", first));

        assertThat(upgrade(JwksDouble.token(first, "key-1")), is(101));
        int fetched = jwks.fetches();
        assertThat(fetched, greaterThanOrEqualTo(1));
        assertThat("the key set is cached", upgrade(JwksDouble.token(first, "key-1")), is(101));
        assertThat(jwks.fetches(), is(fetched));

        // auth-service rotates: the new key signs, the old one is still published for the tokens it signed
        Thread.sleep(1000);
        jwks.serve(Map.of("key-1", first, "key-2", second));
        assertThat("a token with the new kid is admitted without a restart",
                upgrade(JwksDouble.token(second, "key-2")), is(101));
        assertThat("the JWKS is refetched once", jwks.fetches(), is(fetched + 1));

        // kids nobody publishes (forged, or garbage): 401, and no refetch for any of them within the interval
        for (int i = 0; i < 5; i++) {
            assertThat(upgrade(JwksDouble.token(stranger, "kid-" + UUID.randomUUID())), is(401));
        }
        assertThat("unknown kids do not refetch the JWKS again within the interval", jwks.fetches(), is(fetched + 1));

        // both published keys keep working
        assertThat(upgrade(JwksDouble.token(first, "key-1")), is(101));
        assertThat(upgrade(JwksDouble.token(second, "key-2")), is(101));
        assertThat(jwks.fetches(), is(fetched + 1));
    }
}
