package io.flowpulse.ingest.relay;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's TLS context, rebuilt when its PEM files change: the CA bundle, the client
 * certificate and its key (PKCS#8, PKCS#1 or SEC1, see {@link PemFiles}). A file counts as changed
 * when its real path (a Kubernetes Secret volume swaps a symlink), modification time or size
 * differs from the last read. A change that does not read (cert-manager wrote the certificate but
 * not yet the key) keeps the last good context and is tried again on the next call.
 */
final class ClientTls {

    private static final Logger log = LoggerFactory.getLogger(ClientTls.class);

    private final Path caFile;
    private final Path certFile;
    private final Path keyFile;
    private List<Object> stamp;
    private SslContext context;
    private List<Object> failedStamp;

    /** Reads the files once; a file that cannot be read now is an {@link IllegalArgumentException}. */
    ClientTls(Path caFile, Path certFile, Path keyFile) {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("mutual TLS needs both a client certificate and its key");
        }
        this.caFile = caFile;
        this.certFile = certFile;
        this.keyFile = keyFile;
        List<Object> now = stamp();
        try {
            this.context = build();
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        this.stamp = now;
    }

    /** The context of the files as they are now; the same instance as long as they did not change. */
    synchronized SslContext current() {
        List<Object> now = stamp();
        if (now.equals(stamp) || now.equals(failedStamp)) {
            return context;
        }
        try {
            SslContext fresh = build();
            context = fresh;
            stamp = now;
            failedStamp = null;
            log.info("TLS files changed ({}); new connections use them", describeFiles());
        } catch (IOException e) {
            failedStamp = now;
            log.warn("TLS files changed but cannot be read ({}); keeping the previous ones until they change again",
                    e.getMessage());
        }
        return context;
    }

    private SslContext build() throws IOException {
        SslContextBuilder ssl = GrpcSslContexts.forClient();
        if (caFile != null) {
            List<X509Certificate> cas = PemFiles.readCertificates(caFile);
            ssl.trustManager(cas.toArray(X509Certificate[]::new));
        }
        if (certFile != null) {
            List<X509Certificate> chain = PemFiles.readCertificates(certFile);
            PrivateKey key = PemFiles.readPrivateKey(keyFile);
            if (!matches(key, chain.get(0))) {
                throw new IOException("the key in " + keyFile + " does not belong to the certificate in " + certFile);
            }
            ssl.keyManager(key, chain.toArray(X509Certificate[]::new));
        }
        try {
            return ssl.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Whether the key signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true; // left to the handshake
        }
        try {
            byte[] probe = "flowpulse".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(probe);
            byte[] signed = signature.sign();
            signature.initVerify(certificate.getPublicKey());
            signature.update(probe);
            return signature.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private List<Object> stamp() {
        List<Object> out = new ArrayList<>();
        for (Path file : new Path[] {caFile, certFile, keyFile}) {
            if (file == null) {
                out.add(null);
                continue;
            }
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                out.add(List.of(file.toRealPath().toString(), a.lastModifiedTime(), a.size()));
            } catch (IOException e) {
                out.add("unreadable: " + e.getMessage());
            }
        }
        return out;
    }

    private String describeFiles() {
        List<String> names = new ArrayList<>();
        for (Path file : new Path[] {caFile, certFile, keyFile}) {
            if (file != null) {
                names.add(file.toString());
            }
        }
        return String.join(", ", names);
    }
}
