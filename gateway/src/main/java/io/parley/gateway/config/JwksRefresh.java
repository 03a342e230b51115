package io.parley.gateway.config;

import io.smallrye.config.ConfigMapping;

/**
 * How the gateway's token parser caches auth-service's JWKS ({@code smallrye.jwt.jwks.*}, smallrye-jwt's own keys,
 * in minutes): refetched every {@code refresh-interval}, and on a token with an unknown {@code kid} at most once per
 * {@code forced-refresh-interval}, so forged kids cannot make the gateway hammer auth-service.
 */
@ConfigMapping(prefix = "smallrye.jwt.jwks")
public interface JwksRefresh {

    int refreshInterval();

    int forcedRefreshInterval();
}
