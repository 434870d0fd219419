package io.flowpulse.schemas.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts that trust the certificates of one trust store instead of the JVM's default ones: how an
 * HTTPS client of Flowpulse (the schema registry, ClickHouse) trusts a private CA. The store is a PKCS12
 * or JKS file (with its password, if any) or, with type PEM, a file of PEM certificates such as the
 * {@code ca.crt} of a Kubernetes Secret.
 */
public final class TrustStores {

    public static final String PEM = "PEM";

    private TrustStores() {
    }

    /**
     * @param location the trust store file
     * @param password its password; null or empty for none (PEM files have none)
     * @param type     PKCS12, JKS or PEM; null or empty for the type the file name suggests (.pem, .crt: PEM)
     */
    public static SSLContext sslContext(String location, String password, String type) {
        Path file = Path.of(location);
        String storeType = type == null || type.isBlank() ? guessType(location) : type.trim().toUpperCase(Locale.ROOT);
        try {
            KeyStore store = storeType.equals(PEM) ? fromPem(file) : fromKeyStoreFile(file, password, storeType);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            // the message of a wrong password names no secret; the file's path helps
            throw new IllegalArgumentException("cannot load the trust store " + location + " (" + storeType + "): "
                    + e.getMessage(), e);
        }
    }

    static String guessType(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".pem") || lower.endsWith(".crt") || lower.endsWith(".cer")) {
            return PEM;
        }
        return lower.endsWith(".jks") ? "JKS" : "PKCS12";
    }

    private static KeyStore fromKeyStoreFile(Path file, String password, String type)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password == null || password.isEmpty() ? null : password.toCharArray());
        }
        return store;
    }

    private static KeyStore fromPem(Path file) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in the file");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        return store;
    }
}
