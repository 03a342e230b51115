package io.parley.chat.support;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;

/**
 * A test-only route under {@code /internal} that no code protects itself: InternalCredentialTest shows the kit's guard
 * covers it by path alone, as it would a new internal route someone adds, and that the credential never reaches it.
 */
@Path("/internal/probe")
public class InternalProbeResource {

    @GET
    public String probe(@HeaderParam("Authorization") String authorization) {
        return authorization == null ? "reached" : "reached with " + authorization;
    }
}
