package io.flowpulse.ingest.relay;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A CA that signs a server certificate for localhost and 127.0.0.1 and client certificates whose
 * keys are written in the three PEM forms cert-manager and openssl produce, plus an unrelated CA
 * whose client certificates the server refuses.
 */
final class KeyFormatCertificates {

    /** How a client key is written. */
    enum KeyFormat {
        PKCS8_RSA("-----BEGIN PRIVATE KEY-----"),
        PKCS1_RSA("-----BEGIN RSA PRIVATE KEY-----"),
        SEC1_EC("-----BEGIN EC PRIVATE KEY-----"),
        PKCS8_EC("-----BEGIN PRIVATE KEY-----");

        final String header;

        KeyFormat(String header) {
            this.header = header;
        }

        boolean ec() {
            return this == SEC1_EC || this == PKCS8_EC;
        }
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    final Path dir;
    final Path caCert;
    final Path serverCert;
    final Path serverKey;
    private final KeyPair ca;
    private final KeyPair otherCa;

    private KeyFormatCertificates(Path dir, KeyPair ca, KeyPair otherCa) {
        this.dir = dir;
        this.ca = ca;
        this.otherCa = otherCa;
        this.caCert = dir.resolve("ca.pem");
        this.serverCert = dir.resolve("server.pem");
        this.serverKey = dir.resolve("server-key.pem");
    }

    static KeyFormatCertificates create(Path dir) throws Exception {
        KeyFormatCertificates c = new KeyFormatCertificates(dir, rsa(), rsa());
        writeCertificate(c.caCert, sign("CN=relay test CA", c.ca.getPublic(), "CN=relay test CA", c.ca.getPrivate(), true,
                null));
        KeyPair server = rsa();
        writeCertificate(c.serverCert, sign("CN=localhost", server.getPublic(), "CN=relay test CA", c.ca.getPrivate(),
                false, new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")})));
        try (Writer out = Files.newBufferedWriter(c.serverKey); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator(server.getPrivate(), null));
        }
        return c;
    }

    /**
     * Writes a client certificate and its key in {@code format} to the two files, signed by the CA
     * the server trusts or by the unrelated one; the files' times move forward so a change is seen
     * even on a file system with coarse times.
     */
    void writeClient(Path cert, Path key, KeyFormat format, boolean trusted) throws Exception {
        writeClientCertificate(cert, format, trusted, writeClientKey(key, format));
    }

    /** The key alone, as the first half of a rotation; returns its pair for {@link #writeClientCertificate}. */
    KeyPair writeClientKey(Path key, KeyFormat format) throws Exception {
        KeyPair pair = format.ec() ? ec() : rsa();
        try (Writer out = Files.newBufferedWriter(key); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            switch (format) {
                case PKCS8_RSA, PKCS8_EC -> pem.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
                case PKCS1_RSA -> pem.writeObject(pair.getPrivate());
                case SEC1_EC -> pem.writeObject(new PemObject("EC PRIVATE KEY", sec1(pair).getEncoded()));
            }
        }
        touch(key);
        return pair;
    }

    /**
     * SEC1 as openssl and Go write it, with the named curve and the public key (BouncyCastle's
     * own writer leaves both out, as they are in a PKCS#8 wrapper).
     */
    private static ECPrivateKey sec1(KeyPair pair) {
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
        return new ECPrivateKey(256, ((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getS(),
                new DERBitString(publicKey.getPublicKeyData().getBytes()), publicKey.getAlgorithm().getParameters());
    }

    void writeClientCertificate(Path cert, KeyFormat format, boolean trusted, KeyPair pair) throws Exception {
        KeyPair issuer = trusted ? ca : otherCa;
        writeCertificate(cert, sign("CN=flowpulse ingest " + format, pair.getPublic(),
                trusted ? "CN=relay test CA" : "CN=unrelated CA", issuer.getPrivate(), false, null));
        touch(cert);
    }

    private static void touch(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(SERIAL.incrementAndGet() % 1000 + 1)));
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(String subject, java.security.PublicKey subjectKey, String issuer,
                                        PrivateKey issuerKey, boolean isCa, GeneralNames altNames) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), subjectKey);
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
}
