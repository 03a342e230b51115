package io.parley.media.repository;

import io.parley.media.config.MediaConfig;
import org.jboss.logging.Logger;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The default {@link BlobStore} ({@code parley.media.store=filesystem}): one file per key under a directory. A blob is written to {@code tmp/} and renamed
 * into place after an fsync, so a reader never sees half a blob and a crash leaves only a temp file.
 */
public class LocalDirectoryBlobStore implements BlobStore {

    private static final Logger LOG = Logger.getLogger(LocalDirectoryBlobStore.class);
    private static final Pattern KEY = Pattern.compile("[a-z0-9-]+(/[a-z0-9-]+)*");

    private final Path root;
    private final Path tmp;

    public LocalDirectoryBlobStore(MediaConfig config) {
        this.root = config.storageDir().toAbsolutePath().normalize();
        this.tmp = root.resolve("tmp");
        try {
            Files.createDirectories(tmp);
            clearLeftoverTempFiles();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the media storage directory " + root, e);
        }
    }

    @Override
    public Writer create(String key) throws IOException {
        Path target = resolve(key);
        Path temp = tmp.resolve(UUID.randomUUID() + ".part");
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new FileWriter(temp, target, channel);
    }

    @Override
    public InputStream read(String key, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(resolve(key), StandardOpenOption.READ);
        channel.position(offset);
        return new BoundedInputStream(Channels.newInputStream(channel), length);
    }

    @Override
    public long size(String key) throws IOException {
        return Files.size(resolve(key));
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        Path dir = resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Override
    public void check() throws IOException {
        if (!Files.isDirectory(tmp) || !Files.isWritable(tmp)) {
            throw new IOException("the media directory " + root + " is not a writable directory");
        }
    }

    @Override
    public String describe() {
        return "directory " + root;
    }

    private Path resolve(String key) {
        if (key == null || !KEY.matcher(key).matches() || key.equals("tmp") || key.startsWith("tmp/")) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return root.resolve(key);
    }

    // a temp file lives only as long as its upload; one untouched for an hour belongs to a crashed process (the
    // age keeps another instance's live uploads safe when several share the directory)
    private void clearLeftoverTempFiles() throws IOException {
        Instant stale = Instant.now().minus(Duration.ofHours(1));
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmp, "*.part")) {
            for (Path leftover : leftovers) {
                if (Files.getLastModifiedTime(leftover).toInstant().isAfter(stale)) {
                    continue;
                }
                Files.deleteIfExists(leftover);
                LOG.infof("removed the unfinished upload %s", leftover.getFileName());
            }
        }
    }

    private static final class FileWriter implements Writer {

        private final Path temp;
        private final Path target;
        private final FileChannel channel;
        private final OutputStream stream;
        private boolean done;

        FileWriter(Path temp, Path target, FileChannel channel) {
            this.temp = temp;
            this.target = target;
            this.channel = channel;
            this.stream = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        // commit and abort may race (a client hanging up while its upload is sealed): whichever runs first wins
        @Override
        public synchronized void commit() throws IOException {
            if (done) {
                throw new IOException("the blob was aborted");
            }
            stream.flush();
            channel.force(true);
            channel.close();
            Files.createDirectories(target.getParent());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        }

        @Override
        public synchronized void abort() {
            if (done) {
                return;
            }
            done = true;
            try {
                channel.close();
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                LOG.warnf("could not remove the temp blob %s: %s", temp.getFileName(), e.getMessage());
            }
        }
    }

    /** Reads at most {@code remaining} bytes of the underlying stream. */
    private static final class BoundedInputStream extends InputStream {

        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
