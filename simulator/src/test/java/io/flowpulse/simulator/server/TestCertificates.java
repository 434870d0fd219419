package io.flowpulse.simulator.server;

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
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA with a server certificate for localhost/127.0.0.1 and a client certificate, as PEM files. */
final class TestCertificates {

    final Path caCert;
    final Path serverCert;
    final Path serverKey;
    final Path clientCert;
    final Path clientKey;
    final Path otherCaCert;

    TestCertificates(Path dir) throws Exception {
        KeyPair caKeys = keys();
        X509Certificate ca = certificate("CN=flowpulse test CA", caKeys, "CN=flowpulse test CA", caKeys.getPrivate(), true, false);
        KeyPair serverKeys = keys();
        X509Certificate server = certificate("CN=localhost", serverKeys, "CN=flowpulse test CA", caKeys.getPrivate(), false, true);
        KeyPair clientKeys = keys();
        X509Certificate client = certificate("CN=flowpulse test client", clientKeys, "CN=flowpulse test CA", caKeys.getPrivate(), false, false);
        KeyPair otherKeys = keys();
        X509Certificate other = certificate("CN=unrelated CA", otherKeys, "CN=unrelated CA", otherKeys.getPrivate(), true, false);
        caCert = pem(dir.resolve("ca.pem"), ca);
        serverCert = pem(dir.resolve("server.pem"), server);
        serverKey = key(dir.resolve("server-key.pem"), serverKeys.getPrivate());
        clientCert = pem(dir.resolve("client.pem"), client);
        clientKey = key(dir.resolve("client-key.pem"), clientKeys.getPrivate());
        otherCaCert = pem(dir.resolve("other-ca.pem"), other);
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, KeyPair keys, String issuer, PrivateKey issuerKey,
                                               boolean ca, boolean serverNames) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (serverNames) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static Path pem(Path file, X509Certificate certificate) throws IOException {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(certificate);
        }
        return file;
    }

    private static Path key(Path file, PrivateKey key) throws Exception {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new JcaPKCS8Generator(key, null));
        }
        return file;
    }
}
