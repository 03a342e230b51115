package io.parley.gateway.client;

import io.parley.kit.internal.InternalTokens;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * The gateway's service credential on its calls to {@code /internal/*} (docs/internal-contract.md): a cached service
 * token for the one callee of the client, never a client's token. CPU only (a cache hit, or one ES256 signature).
 */
public abstract class InternalCredentialHeaders implements ClientHeadersFactory {

    private final InternalTokens tokens;
    private final String callee;

    InternalCredentialHeaders(InternalTokens tokens, String callee) {
        this.tokens = tokens;
        this.callee = callee;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        tokens.authorization(callee).ifPresent(value -> headers.putSingle(HttpHeaders.AUTHORIZATION, value));
        return headers;
    }

    /** For chat-service's routes ({@link ChatInternalClient}). */
    @Singleton
    public static class Chat extends InternalCredentialHeaders {
        public Chat(InternalTokens tokens) {
            super(tokens, "chat-service");
        }
    }

    /** For session-service's routes ({@link PresenceClient}). */
    @Singleton
    public static class Session extends InternalCredentialHeaders {
        public Session(InternalTokens tokens) {
            super(tokens, "session-service");
        }
    }
}
