package io.parley.media.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.kit.error.TooLargeException;
import io.parley.kit.error.UnsupportedMediaTypeException;
import io.parley.media.config.MediaConfig;
import io.parley.media.domain.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import net.coobird.thumbnailator.Thumbnails;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;

/**
 * Thumbnails of PNG, JPEG, GIF and WebP images, generated once per (file, size) and kept encrypted in the blob store.
 * The declared dimensions are read from the header first: an image whose pixel count passes the limit (a
 * decompression bomb) is refused without being decoded, and big images are decoded subsampled. Blocking.
 */
@ApplicationScoped
public class ThumbnailService {

    /** Source type → thumbnail format: JPEG stays JPEG, the rest (which may be transparent) become PNG. */
    private static final Map<String, String> FORMATS = Map.of("image/png", "png", "image/jpeg", "jpeg",
            "image/gif", "png", "image/webp", "png");

    private final EncryptedBlobs blobs;
    private final MediaConfig config;
    private final MeterRegistry registry;

    public ThumbnailService(EncryptedBlobs blobs, MediaConfig config, MeterRegistry registry) {
        this.blobs = blobs;
        this.config = config;
        this.registry = registry;
        // the TwelveMonkeys readers register through ServiceLoader on the application class loader
        ImageIO.scanForPlugins();
        // ImageIO would otherwise cache the decrypted image in a temp file: plaintext must never reach the disk
        ImageIO.setUseCache(false);
    }

    /** @throws UnsupportedMediaTypeException for a file that is not a thumbnailable image */
    public Thumbnail thumbnail(StoredFile file, int size) throws IOException {
        String format = FORMATS.get(file.contentType());
        if (format == null) {
            throw new UnsupportedMediaTypeException("thumbnails exist only for PNG, JPEG, GIF and WebP images");
        }
        String contentType = format.equals("jpeg") ? "image/jpeg" : "image/png";
        String key = StoredFile.thumbnailPrefix(file.id()) + "/" + size;
        if (blobs.exists(key)) {
            registry.counter("parley.media.thumbnails", "cached", "true").increment();
            return new Thumbnail(blobs.readAll(key), contentType);
        }
        byte[] bytes = render(file, size, format);
        try (EncryptedBlobs.Sink sink = blobs.create(key)) {
            sink.plaintext().write(bytes);
            sink.commit();
        }
        registry.counter("parley.media.thumbnails", "cached", "false").increment();
        return new Thumbnail(bytes, contentType);
    }

    private byte[] render(StoredFile file, int size, String format) throws IOException {
        try (InputStream in = blobs.open(file.storageKey(), 0, file.size());
             ImageInputStream images = ImageIO.createImageInputStream(in)) {
            Iterator<ImageReader> readers = images == null ? null : ImageIO.getImageReaders(images);
            if (readers == null || !readers.hasNext()) {
                throw new UnsupportedMediaTypeException("the image cannot be decoded");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(images, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > config.maxImagePixels()) {
                    throw new TooLargeException("the image's dimensions (" + width + "×" + height
                            + ") are too large to make a thumbnail");
                }
                BufferedImage source = reader.read(0, subsampled(reader, width, height, size));
                double scale = Math.min(1.0, (double) size / Math.max(width, height));
                int targetWidth = (int) Math.max(1, Math.round(width * scale));
                int targetHeight = (int) Math.max(1, Math.round(height * scale));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Thumbnails.of(source).forceSize(targetWidth, targetHeight).outputFormat(format).toOutputStream(out);
                return out.toByteArray();
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new UnsupportedMediaTypeException("the image cannot be decoded");
            } finally {
                reader.dispose();
            }
        }
    }

    // decode big images at a fraction of their resolution (still at least twice the thumbnail) to bound memory
    private static ImageReadParam subsampled(ImageReader reader, int width, int height, int size) {
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.max(1, Math.max(width, height) / (size * 2));
        param.setSourceSubsampling(step, step, 0, 0);
        return param;
    }

    /** A rendered thumbnail. */
    public record Thumbnail(byte[] bytes, String contentType) {
    }
}
