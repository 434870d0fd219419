package io.flowpulse.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private CA and a server certificate it signed for 127.0.0.1 and localhost, made with the JDK's
 * keytool: what the secured services of a test present, in the forms each of them reads.
 *
 * @param caCertificatePem     the CA certificate (PEM): what clients trust
 * @param trustStore           the CA certificate in a PKCS12 trust store protected by {@code storePassword}
 * @param serverKeyStore       the server's key and certificate chain, PKCS12, {@code storePassword}
 * @param serverCertificatePem the server's certificate chain (PEM), for nginx and ClickHouse
 * @param serverKeyPem         the server's private key (PKCS#8 PEM), for nginx and ClickHouse
 * @param storePassword        the password of both stores and of the server's key
 */
public record TlsMaterial(Path caCertificatePem, Path trustStore, Path serverKeyStore, Path serverCertificatePem,
                          Path serverKeyPem, String storePassword) {

    private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final String VALIDITY_DAYS = "2";

    /** Creates the CA and the server certificate in {@code dir} (created if needed); a few seconds of keytool. */
    public static TlsMaterial generate(Path dir, String storePassword) {
        try {
            Files.createDirectories(dir);
            Path caStore = dir.resolve("ca.p12");
            TlsMaterial m = new TlsMaterial(dir.resolve("ca.crt"), dir.resolve("truststore.p12"),
                    dir.resolve("server.p12"), dir.resolve("server.crt"), dir.resolve("server.key"), storePassword);
            Path csr = dir.resolve("server.csr");
            Path signed = dir.resolve("server-signed.crt");
            for (Path p : List.of(caStore, m.trustStore, m.serverKeyStore, csr, signed, m.caCertificatePem)) {
                Files.deleteIfExists(p);
            }
            keytool(dir, "-genkeypair", "-alias", "ca", "-dname", "CN=Flowpulse test CA", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-ext", "bc:c", "-validity", VALIDITY_DAYS,
                    "-keystore", caStore.toString(), "-storetype", "PKCS12", "-storepass", storePassword);
            keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(),
                    "-storepass", storePassword, "-file", m.caCertificatePem.toString());
            keytool(dir, "-genkeypair", "-alias", "server", "-dname", "CN=localhost", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-validity", VALIDITY_DAYS,
                    "-keystore", m.serverKeyStore.toString(), "-storetype", "PKCS12", "-storepass", storePassword);
            keytool(dir, "-certreq", "-alias", "server", "-keystore", m.serverKeyStore.toString(),
                    "-storepass", storePassword, "-file", csr.toString());
            keytool(dir, "-gencert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(),
                    "-storepass", storePassword, "-infile", csr.toString(), "-outfile", signed.toString(),
                    "-validity", VALIDITY_DAYS, "-ext", "san=dns:localhost,ip:127.0.0.1",
                    "-ext", "eku=serverAuth");
            keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", m.caCertificatePem.toString(),
                    "-keystore", m.serverKeyStore.toString(), "-storepass", storePassword);
            keytool(dir, "-importcert", "-alias", "server", "-file", signed.toString(),
                    "-keystore", m.serverKeyStore.toString(), "-storepass", storePassword);
            keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", m.caCertificatePem.toString(),
                    "-keystore", m.trustStore.toString(), "-storetype", "PKCS12", "-storepass", storePassword);
            m.writePemFiles();
            Files.delete(csr);
            Files.delete(signed);
            return m;
        } catch (IOException | GeneralSecurityException e) {
            throw new ServiceStartException("cannot make the test certificates in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A TLS context trusting only this CA, for the stack's own health checks of secured services. */
    public SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, storePassword.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load " + trustStore + ": " + e.getMessage(), e);
        }
    }

    private void writePemFiles() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverKeyStore)) {
            store.load(in, storePassword.toCharArray());
        }
        Key key = store.getKey("server", storePassword.toCharArray());
        Files.writeString(serverKeyPem, pem("PRIVATE KEY", key.getEncoded()));
        StringBuilder chain = new StringBuilder();
        for (Certificate certificate : store.getCertificateChain("server")) {
            chain.append(pem("CERTIFICATE", certificate.getEncoded()));
        }
        Files.writeString(serverCertificatePem, chain.toString());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Path log = dir.resolve("keytool.log");
        int exit = ChildProcess.start(command, dir, log, LaunchMode.ATTACHED).waitFor(KEYTOOL_TIMEOUT);
        if (exit != 0) {
            throw new ServiceStartException("keytool " + args[0] + " failed with exit code " + exit + "\n"
                    + LogTail.of(log));
        }
    }

    @Override
    public String toString() {
        return "TlsMaterial[CA " + caCertificatePem + ", server " + serverKeyStore + "]";
    }
}
