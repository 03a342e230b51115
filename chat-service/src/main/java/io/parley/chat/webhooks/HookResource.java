package io.parley.chat.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.kit.error.ErrorAnswers;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The webhook URL itself, {@code POST /api/hooks/{id}/{secret}}: no Authorization (the secret in the URL is the
 * credential); any content type, the body read as JSON.
 */
@Path("/api/hooks")
public class HookResource {

    private final WebhookPosts posts;

    public HookResource(WebhookPosts posts) {
        this.posts = posts;
    }

    /** 200 {@code {messageId, seq, createdAt}}. */
    @POST
    @Path("/{id}/{secret}")
    public Uni<ObjectNode> post(@PathParam("id") String id, @PathParam("secret") String secret, byte[] body) {
        return posts.post(id, secret, body);
    }

    /**
     * A body declared over the limit is refused before it is read (request filters run before the body is); a body
     * without a length (chunked) is measured once read.
     */
    @ServerRequestFilter
    public Response declaredTooLarge(HttpServerRequest request) {
        if (!request.path().startsWith("/api/hooks/")) {
            return null;
        }
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return null;
        }
        try {
            if (Long.parseLong(length.trim()) <= WebhookPosts.MAX_BODY) {
                return null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return ErrorAnswers.translate(posts.tooLarge()).toResponse();
    }
}
