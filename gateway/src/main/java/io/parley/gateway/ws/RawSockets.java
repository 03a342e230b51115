package io.parley.gateway.ws;

import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;
import org.jboss.logging.Logger;

import java.lang.reflect.Method;

/**
 * Reaches the Vert.x socket under a websockets-next connection. websockets-next's {@code sendText(Buffer)} decodes
 * the buffer to a String and re-encodes it per socket; fan-out must write one encoded buffer to thousands of sockets,
 * so the gateway writes frames on the Vert.x socket directly. When the accessor is missing (another Quarkus version),
 * sockets fall back to {@code sendText}, slower but correct.
 */
final class RawSockets {

    private static final Logger LOG = Logger.getLogger(RawSockets.class);
    private static volatile Method accessor;
    private static volatile boolean unavailable;

    private RawSockets() {
    }

    static WebSocketBase of(WebSocketConnection connection) {
        if (unavailable) {
            return null;
        }
        try {
            Method method = accessor;
            if (method == null) {
                method = find(connection.getClass());
                method.setAccessible(true);
                accessor = method;
            }
            return (WebSocketBase) method.invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.warnf("direct frame writes unavailable (%s): falling back to sendText", e.toString());
            return null;
        }
    }

    private static Method find(Class<?> type) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod("webSocket");
            } catch (NoSuchMethodException e) {
                // keep looking up the hierarchy
            }
        }
        throw new NoSuchMethodException("webSocket() on " + type.getName());
    }
}
