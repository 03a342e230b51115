package io.parley.media.repository;

import io.parley.media.config.MediaConfig;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link BlobStore} on an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, ...), one object per key, through the AWS
 * SDK v2's blocking client (every method is called from a worker thread). A blob is written as a multipart upload of
 * {@code part-size} parts, buffered one part at a time, and appears only when the upload is completed; a blob smaller
 * than one part is a single PUT. A failed or abandoned writer aborts its multipart upload, so no object and no parts
 * stay behind; an upload left open by a killed process is removed by the bucket's lifecycle rule (docs/media.md).
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(S3BlobStore.class);
    private static final Pattern KEY = Pattern.compile("[a-z0-9-]+(/[a-z0-9-]+)*");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** S3's smallest part but the last. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** The largest part we buffer in memory (S3 allows 5 GiB). */
    public static final long MAX_PART_SIZE = 512L * 1024 * 1024;
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;
    private final int partSize;
    private final StoreMetrics metrics;

    S3BlobStore(S3Client s3, String bucket, int partSize, StoreMetrics metrics) {
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
        this.metrics = metrics;
    }

    /** The S3 client and store for validated settings. */
    static S3BlobStore open(Settings settings, StoreMetrics metrics) {
        var builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(settings.credentials())
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(64)
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                // checksums only where S3 requires them (DeleteObjects): many S3-compatible servers refuse the
                // SDK's newer default trailing checksums, and every blob is authenticated by its own AES-GCM tags
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(builder::endpointOverride);
        return new S3BlobStore(builder.build(), settings.bucket(), settings.partSize(), metrics);
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public Writer create(String key) {
        return new MultipartWriter(check(key));
    }

    @Override
    public InputStream read(String key, long offset, long length) throws IOException {
        check(key);
        if (length <= 0) {
            size(key);
            return InputStream.nullInputStream();
        }
        long last = offset + length - 1 < offset ? Long.MAX_VALUE : offset + length - 1;
        String range = last == Long.MAX_VALUE ? "bytes=" + offset + "-" : "bytes=" + offset + "-" + last;
        try {
            return new ObjectStream(s3.getObject(b -> b.bucket(bucket).key(key).range(range)));
        } catch (SdkException e) {
            throw failure("reading", key, e);
        }
    }

    @Override
    public long size(String key) throws IOException {
        check(key);
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
        } catch (SdkException e) {
            throw failure("reading the size of", key, e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            size(key);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        check(key);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure("deleting", key, e);
        }
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        check(prefix);
        try {
            List<ObjectIdentifier> keys = new ArrayList<>();
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "/")).contents()) {
                keys.add(ObjectIdentifier.builder().key(object.key()).build());
            }
            for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
                List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH));
                DeleteObjectsResponse answer = s3.deleteObjects(b -> b.bucket(bucket)
                        .delete(Delete.builder().objects(batch).quiet(true).build()));
                if (answer.hasErrors() && !answer.errors().isEmpty()) {
                    throw new BlobStoreUnavailableException("could not delete " + answer.errors().size() + " objects under " + prefix
                            + "/ in bucket " + bucket + ": " + answer.errors().get(0).message(), null);
                }
            }
        } catch (SdkException e) {
            throw failure("deleting everything under", prefix + "/", e);
        }
    }

    /** HeadBucket: the bucket exists and these credentials reach it. */
    @Override
    public void check() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket)
                    .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(5))));
        } catch (SdkException e) {
            throw new BlobStoreUnavailableException("bucket " + bucket + " is not reachable: " + describe(e), e);
        }
    }

    @Override
    public String describe() {
        return "s3 bucket " + bucket;
    }

    @Override
    public void close() {
        s3.close();
    }

    private static String check(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return key;
    }

    private IOException failure(String what, String key, SdkException e) {
        if (e instanceof NoSuchKeyException || e instanceof S3Exception s && s.statusCode() == 404) {
            NoSuchFileException missing = new NoSuchFileException(key);
            missing.initCause(e);
            return missing;
        }
        return new BlobStoreUnavailableException(what + " " + key + " in bucket " + bucket + " failed: " + describe(e), e);
    }

    private static String describe(SdkException e) {
        if (e instanceof S3Exception s && s.awsErrorDetails() != null) {
            return s.statusCode() + " " + s.awsErrorDetails().errorCode();
        }
        return e.getMessage();
    }

    /**
     * A blob on its way up: bytes fill a part-sized buffer; each full buffer is one UploadPart (the multipart upload is
     * created with the first), the rest goes with commit. commit and abort may race (a client hanging up while its
     * upload is sealed), as may abort and a write: every step holds the writer's lock and the first to finish wins.
     */
    private final class MultipartWriter implements Writer {

        private final String key;
        // grows to one part as bytes come, so a small blob (a thumbnail) does not hold a whole part's buffer
        private byte[] buffer = new byte[Math.min(partSize, 64 * 1024)];
        private final List<CompletedPart> parts = new ArrayList<>();
        private final OutputStream stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                MultipartWriter.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int off, int len) throws IOException {
                MultipartWriter.this.write(bytes, off, len);
            }
        };
        private int filled;
        private String uploadId;
        private boolean done;

        MultipartWriter(String key) {
            this.key = key;
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        private synchronized void write(byte[] bytes, int off, int len) throws IOException {
            if (done) {
                throw new IOException("the blob " + key + " was aborted");
            }
            while (len > 0) {
                if (filled == buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min(partSize, 2L * buffer.length));
                }
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(bytes, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == partSize) {
                    uploadPart();
                }
            }
        }

        private void uploadPart() throws IOException {
            try {
                if (uploadId == null) {
                    uploadId = metrics.timed("create_multipart", () -> s3.createMultipartUpload(
                            b -> b.bucket(bucket).key(key).contentType("application/octet-stream")).uploadId());
                }
                int number = parts.size() + 1;
                String etag = metrics.timed("upload_part", () -> s3.uploadPart(b -> b.bucket(bucket).key(key)
                        .uploadId(uploadId).partNumber(number).contentLength((long) filled), body()).eTag());
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                filled = 0;
            } catch (SdkException e) {
                abortUpload();
                throw failure("uploading a part of", key, e);
            }
        }

        // a fresh stream over the buffer for each attempt, so the SDK can retry a part without copying it
        private RequestBody body() {
            int length = filled;
            byte[] bytes = buffer;
            return RequestBody.fromContentProvider(
                    ContentStreamProvider.fromInputStreamSupplier(() -> new ByteArrayInputStream(bytes, 0, length)),
                    length, "application/octet-stream");
        }

        @Override
        public synchronized void commit() throws IOException {
            if (done) {
                throw new IOException("the blob " + key + " was aborted");
            }
            try {
                if (uploadId == null) {
                    metrics.timed("put", () -> s3.putObject(b -> b.bucket(bucket).key(key)
                            .contentType("application/octet-stream").contentLength((long) filled), body()));
                } else {
                    if (filled > 0) {
                        uploadPart();
                    }
                    metrics.timed("complete_multipart", () -> s3.completeMultipartUpload(b -> b.bucket(bucket)
                            .key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
                }
                done = true;
            } catch (SdkException e) {
                abortUpload();
                throw failure("storing", key, e);
            }
        }

        @Override
        public synchronized void abort() {
            if (done) {
                return;
            }
            abortUpload();
        }

        private void abortUpload() {
            done = true;
            if (uploadId == null) {
                return;
            }
            String id = uploadId;
            uploadId = null;
            try {
                metrics.timed("abort_multipart", () -> s3.abortMultipartUpload(
                        b -> b.bucket(bucket).key(key).uploadId(id)));
            } catch (SdkException e) {
                LOG.warnf("could not abort the multipart upload of %s (the bucket's lifecycle rule removes it): %s",
                        key, describe(e));
            }
        }
    }

    /**
     * A ranged GetObject's body. Closed before its end (a client that stopped reading), the connection is aborted
     * rather than drained, so a large unread rest never crosses the network.
     */
    private static final class ObjectStream extends FilterInputStream {

        private final ResponseInputStream<GetObjectResponse> response;
        private final long length;
        private long read;
        private boolean ended;

        ObjectStream(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
            Long declared = response.response().contentLength();
            this.length = declared == null ? Long.MAX_VALUE : declared;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                ended = true;
            } else {
                read++;
            }
            return b;
        }

        @Override
        public int read(byte[] into, int off, int len) throws IOException {
            int n = super.read(into, off, len);
            if (n < 0) {
                ended = true;
            } else {
                read += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            read += skipped;
            return skipped;
        }

        @Override
        public void close() throws IOException {
            if (!ended && read < length) {
                response.abort();
            }
            super.close();
        }
    }

    /** {@code parley.media.s3.*}, checked: every problem is named at start-up, the secret never. */
    record Settings(Optional<URI> endpoint, String region, String bucket, boolean pathStyle,
            Optional<String> accessKeyId, Optional<String> secretAccessKey, int partSize) {

        static Settings of(MediaConfig.S3 config) {
            List<String> problems = new ArrayList<>();
            Optional<URI> endpoint = config.endpoint().map(String::trim).filter(e -> !e.isEmpty()).flatMap(e -> {
                try {
                    URI uri = URI.create(e);
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                        return Optional.of(uri);
                    }
                } catch (IllegalArgumentException ignored) {
                    // reported below
                }
                problems.add("parley.media.s3.endpoint (PARLEY_MEDIA_S3_ENDPOINT) must be an http:// or https:// URL"
                        + " with a host, e.g. http://minio:9000 (or empty for AWS), not \"" + e + "\"");
                return Optional.empty();
            });
            String region = config.region().trim();
            if (region.isEmpty()) {
                problems.add("parley.media.s3.region (PARLEY_MEDIA_S3_REGION) must not be empty");
            }
            String bucket = config.bucket().map(String::trim).orElse("");
            if (bucket.isEmpty()) {
                problems.add("parley.media.s3.bucket (PARLEY_MEDIA_S3_BUCKET) must be set when parley.media.store=s3");
            } else if (!BUCKET.matcher(bucket).matches()) {
                problems.add("parley.media.s3.bucket (PARLEY_MEDIA_S3_BUCKET) \"" + bucket
                        + "\" is not a bucket name (3-63 of a-z, 0-9, '.', '-')");
            }
            Optional<String> keyId = config.accessKeyId().map(String::trim).filter(k -> !k.isEmpty());
            Optional<String> secret = config.secretAccessKey().filter(k -> !k.isBlank());
            if (keyId.isPresent() != secret.isPresent()) {
                problems.add("parley.media.s3.access-key-id and parley.media.s3.secret-access-key"
                        + " (PARLEY_MEDIA_S3_ACCESS_KEY_ID / PARLEY_MEDIA_S3_SECRET_ACCESS_KEY) go together: set both,"
                        + " or neither for the SDK's default credential chain");
            }
            long partSize = config.partSize().asLongValue();
            if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
                problems.add("parley.media.s3.part-size (PARLEY_MEDIA_S3_PART_SIZE) must be between 5M and 512M, not "
                        + partSize + " bytes");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("the S3 media store is misconfigured: " + String.join("; ", problems));
            }
            return new Settings(endpoint, region, bucket, config.pathStyle(), keyId, secret, (int) partSize);
        }

        AwsCredentialsProvider credentials() {
            return accessKeyId.isPresent()
                    ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId.get(), secretAccessKey.get()))
                    : DefaultCredentialsProvider.builder().build();
        }

        /** For the start-up log line: never the secret. */
        String describe() {
            return "bucket " + bucket + " at " + endpoint.map(URI::toString).orElse("AWS") + " (region " + region
                    + (pathStyle ? ", path-style" : "") + ", " + (accessKeyId.isPresent() ? "access key "
                    + accessKeyId.get() : "default credential chain") + ", parts of " + partSize + " bytes)";
        }

        // a record's toString would print the secret
        @Override
        public String toString() {
            return describe();
        }
    }
}
