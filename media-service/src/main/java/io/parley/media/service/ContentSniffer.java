package io.parley.media.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The content type of a file from its first bytes, by Tika's magic detector. No name or client type is given to it
 * on purpose: what a client claims never decides how the file is served.
 */
@ApplicationScoped
public class ContentSniffer {

    /** How many leading bytes detection looks at (Tika's magic patterns sit well inside this). */
    public static final int HEAD_BYTES = 64 * 1024;

    private final Detector detector = new DefaultDetector();

    /** A base media type such as {@code image/png}; {@code application/octet-stream} when nothing matches. */
    public String detect(byte[] head) {
        try (TikaInputStream in = TikaInputStream.get(head)) {
            return detector.detect(in, new Metadata()).getBaseType().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
