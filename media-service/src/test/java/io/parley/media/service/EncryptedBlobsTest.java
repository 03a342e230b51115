package io.parley.media.service;

import io.parley.media.config.MediaConfig;
import io.parley.media.repository.LocalDirectoryBlobStore;
import io.quarkus.runtime.configuration.MemorySize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The segmented AES-GCM blob format over a real directory: exact ranges, and tampering is detected. */
class EncryptedBlobsTest {

    private static final int SEGMENT = SegmentCipher.SEGMENT;

    @TempDir
    Path dir;

    @Test
    void everyRangeOfEverySizeDecryptsToTheSameBytes() throws IOException {
        EncryptedBlobs blobs = blobs(randomKey());
        for (int size : new int[] {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 17}) {
            byte[] plain = random(size);
            write(blobs, "files/s" + size, plain);
            assertArrayEquals(plain, blobs.readAll("files/s" + size), "size " + size);
            for (long[] r : new long[][] {{0, 1}, {SEGMENT - 3, 7}, {SEGMENT, SEGMENT}, {size / 2, size}}) {
                int from = (int) Math.min(r[0], size);
                int to = (int) Math.min(size, r[0] + r[1]);
                try (InputStream in = blobs.open("files/s" + size, r[0], r[1])) {
                    assertArrayEquals(Arrays.copyOfRange(plain, from, Math.max(from, to)), in.readAllBytes(),
                            "size " + size + " range " + Arrays.toString(r));
                }
            }
        }
    }

    @Test
    void aFlippedCiphertextByteFailsTheRead() throws IOException {
        EncryptedBlobs blobs = blobs(randomKey());
        write(blobs, "files/tampered", random(2 * SEGMENT));
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("files/tampered").toFile(), "rw")) {
            file.seek(SegmentCipher.HEADER + SEGMENT + 100);
            int b = file.read();
            file.seek(SegmentCipher.HEADER + SEGMENT + 100);
            file.write(b ^ 1);
        }
        assertThrows(IOException.class, () -> blobs.readAll("files/tampered"));
    }

    @Test
    void aBlobCutAtASegmentBoundaryFailsTheRead() throws IOException {
        EncryptedBlobs blobs = blobs(randomKey());
        write(blobs, "files/cut", random(2 * SEGMENT + 10));
        Path blob = dir.resolve("files/cut");
        byte[] whole = Files.readAllBytes(blob);
        Files.write(blob, Arrays.copyOf(whole, SegmentCipher.HEADER + 2 * (SEGMENT + SegmentCipher.TAG)));
        assertThrows(IOException.class, () -> blobs.readAll("files/cut"));
    }

    @Test
    void anotherMasterKeyCannotReadTheBlob() throws IOException {
        write(blobs(randomKey()), "files/other", random(10));
        EncryptedBlobs withOtherKey = blobs(randomKey());
        assertThrows(IOException.class, () -> withOtherKey.readAll("files/other"));
    }

    @Test
    void anAbortedBlobLeavesNoFile() throws IOException {
        EncryptedBlobs blobs = blobs(randomKey());
        try (EncryptedBlobs.Sink sink = blobs.create("files/aborted")) {
            sink.plaintext().write(random(1000));
        }
        try (var files = Files.walk(dir)) {
            assertEquals(0, files.filter(Files::isRegularFile).count());
        }
    }

    private EncryptedBlobs blobs(String masterKey) {
        MediaConfig config = config(masterKey);
        return new EncryptedBlobs(new LocalDirectoryBlobStore(config), new MasterKey(config));
    }

    private static void write(EncryptedBlobs blobs, String key, byte[] plain) throws IOException {
        try (EncryptedBlobs.Sink sink = blobs.create(key)) {
            sink.plaintext().write(plain);
            sink.commit();
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }

    private static String randomKey() {
        return Base64.getEncoder().encodeToString(random(32));
    }

    private MediaConfig config(String masterKey) {
        return new MediaConfig() {
            public MemorySize maxUploadSize() {
                return new MemorySize(BigInteger.valueOf(1 << 20));
            }

            public MemorySize userQuota() {
                return maxUploadSize();
            }

            public Path storageDir() {
                return dir;
            }

            public Store store() {
                return Store.FILESYSTEM;
            }

            public S3 s3() {
                throw new UnsupportedOperationException("the filesystem store only");
            }

            public Optional<String> masterKey() {
                return Optional.of(masterKey);
            }

            public Path masterKeyFile() {
                return dir.resolve("unused.key");
            }

            public int maxThumbnailSize() {
                return 512;
            }

            public int defaultThumbnailSize() {
                return 256;
            }

            public long maxImagePixels() {
                return 1_000_000;
            }

            public java.time.Duration announceAfter() {
                return java.time.Duration.ofSeconds(30);
            }
        };
    }
}
