package dev.cloudget.infra;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A real S3-protocol server on loopback: S3Proxy over the jclouds filesystem backend. The services talk to
 * it through minio-java exactly as they would to MinIO. It has no bucket lifecycle: expiry is ours.
 */
public final class S3Server implements AutoCloseable {

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final String accessKey;
    private final String secretKey;

    private S3Server(S3Proxy proxy, BlobStoreContext context, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.context = context;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts on 127.0.0.1:{@code port} (0 = any free port), storing objects under {@code dir}. */
    public static S3Server start(int port, Path dir, String accessKey, String secretKey) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties overrides = new Properties();
        overrides.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
                .credentials("local", "local")
                .overrides(overrides)
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            context.close();
            throw new IllegalStateException("S3Proxy did not start on port " + port, e);
        }
        return new S3Server(proxy, context, accessKey, secretKey);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public int port() {
        return proxy.getPort();
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        } finally {
            context.close();
        }
    }
}
