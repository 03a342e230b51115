package io.parley.kit.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InternalPathsTest {

    @Test
    void everySpellingOfInternalIsGuarded() {
        for (String path : new String[] {"/internal", "/internal/", "/internal/presence",
                "/internal/channels/x/access", "//internal/presence", "/Internal/presence", "/INTERNAL/presence",
                "/%69nternal/presence", "/%2569nternal/presence", "/x/../internal/presence", "/./internal/presence",
                "/api/%2e%2e/internal/presence", "/api/..%2Finternal/presence", "/%2Finternal/presence",
                "\\internal\\presence", "/internal;v=1/presence", "/internalish", "/../internal"}) {
            assertTrue(InternalRouteGuard.isInternal(path), path);
        }
    }

    @Test
    void otherPathsAreNot() {
        for (String path : new String[] {"/", "", "/api/presence", "/api/users/internal", "/q/health/ready",
                "/api/channels/internal-notes/messages", "/api/internal/../x", "/%", "/%zz", "/ws"}) {
            assertFalse(InternalRouteGuard.isInternal(path), path);
        }
        assertFalse(InternalRouteGuard.isInternal(null));
    }
}
