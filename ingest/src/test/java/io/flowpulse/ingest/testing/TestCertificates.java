package io.flowpulse.ingest.testing;

import java.io.IOException;
import java.io.StringWriter;
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

/** A throw-away CA with a server and a client certificate, written as PEM files. */
public final class TestCertificates {

    public final Path caCert;
    public final Path serverCert;
    public final Path serverKey;
    public final Path clientCert;
    public final Path clientKey;

    private TestCertificates(Path dir) {
        caCert = dir.resolve("ca.pem");
        serverCert = dir.resolve("server.pem");
        serverKey = dir.resolve("server-key.pem");
        clientCert = dir.resolve("client.pem");
        clientKey = dir.resolve("client-key.pem");
    }

    /** The server certificate is for {@code serverName} (and 127.0.0.1 / localhost). */
    public static TestCertificates create(Path dir, String serverName) throws Exception {
        TestCertificates c = new TestCertificates(dir);
        KeyPair ca = keyPair();
        X509Certificate caCert = sign("CN=flowpulse-test-ca", ca, "CN=flowpulse-test-ca", ca.getPrivate(), true, null);
        KeyPair server = keyPair();
        X509Certificate serverCert = sign("CN=" + serverName, server, "CN=flowpulse-test-ca", ca.getPrivate(), false,
                new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, serverName),
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        KeyPair client = keyPair();
        X509Certificate clientCert = sign("CN=flowpulse-ingest", client, "CN=flowpulse-test-ca", ca.getPrivate(), false, null);
        write(c.caCert, caCert);
        write(c.serverCert, serverCert);
        writeKey(c.serverKey, server.getPrivate());
        write(c.clientCert, clientCert);
        writeKey(c.clientKey, client.getPrivate());
        return c;
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey,
                                        boolean isCa, GeneralNames altNames) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (altNames != null) {
            b.addExtension(Extension.subjectAlternativeName, false, altNames);
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
    }

    private static void write(Path file, Object pemObject) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(pemObject);
        }
        Files.writeString(file, out.toString());
    }

    private static void writeKey(Path file, PrivateKey key) throws Exception {
        write(file, new JcaPKCS8Generator(key, null).generate());
    }
}
