package io.parley.media.rest;

import io.parley.media.domain.StoredFile;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** The headers that make serving user-uploaded bytes safe: disposition, no sniffing, no script. */
final class ServedHeaders {

    /** Even an HTML or SVG file opened in a browser runs no script and loads nothing: a sandboxed, empty policy. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; media-src 'self';"
            + " style-src 'unsafe-inline'; sandbox";

    private static final Set<String> INLINE_IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
            "image/bmp", "image/avif");

    private ServedHeaders() {
    }

    /** {@code inline} only for images, audio and video a browser renders without scripting; SVG is not one. */
    static String contentDisposition(StoredFile file) {
        String type = file.contentType();
        boolean inline = INLINE_IMAGES.contains(type) || type.startsWith("audio/") || type.startsWith("video/");
        return (inline ? "inline" : "attachment") + "; filename=\"" + asciiFallback(file.name()) + "\"; filename*=UTF-8''"
                + URLEncoder.encode(file.name(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** RFC 9110 weak comparison of an {@code If-None-Match} list against our strong tag. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag) || tag.startsWith("W/") && tag.substring(2).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static String asciiFallback(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\' ? (char) cp : '_'));
        return out.toString();
    }
}
