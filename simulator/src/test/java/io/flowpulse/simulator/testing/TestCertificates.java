package io.flowpulse.simulator.testing;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA with a server certificate (for a given name, localhost and 127.0.0.1) and a
 * client certificate, plus an unrelated CA that trusts neither, all as PEM files. Shared with the
 * ingest module's tests through this module's test jar.
 */
public final class TestCertificates {

    private static final String CA = "CN=flowpulse test CA";

    public final Path caCert;
    public final Path serverCert;
    public final Path serverKey;
    public final Path clientCert;
    public final Path clientKey;
    public final Path otherCaCert;

    private TestCertificates(Path dir) {
        caCert = dir.resolve("ca.pem");
        serverCert = dir.resolve("server.pem");
        serverKey = dir.resolve("server-key.pem");
        clientCert = dir.resolve("client.pem");
        clientKey = dir.resolve("client-key.pem");
        otherCaCert = dir.resolve("other-ca.pem");
    }

    /** Certificates for a server known as {@code serverName}, localhost and 127.0.0.1, written into {@code dir}. */
    public static TestCertificates create(Path dir, String serverName) throws Exception {
        TestCertificates files = new TestCertificates(dir);
        KeyPair ca = keyPair();
        KeyPair server = keyPair();
        KeyPair client = keyPair();
        KeyPair other = keyPair();
        writeCertificate(files.caCert, sign(CA, ca, CA, ca.getPrivate(), true, null));
        writeCertificate(files.serverCert, sign("CN=" + serverName, server, CA, ca.getPrivate(), false,
                new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, serverName),
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")})));
        writeKey(files.serverKey, server.getPrivate());
        writeCertificate(files.clientCert, sign("CN=flowpulse test client", client, CA, ca.getPrivate(), false, null));
        writeKey(files.clientKey, client.getPrivate());
        writeCertificate(files.otherCaCert, sign("CN=unrelated CA", other, "CN=unrelated CA", other.getPrivate(), true, null));
        return files;
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey,
                                        boolean isCa, GeneralNames altNames) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (altNames != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, altNames);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
    }

    private static void writeCertificate(Path file, X509Certificate certificate) throws IOException {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(certificate);
        }
    }

    private static void writeKey(Path file, PrivateKey key) throws Exception {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator(key, null));
        }
    }
}
