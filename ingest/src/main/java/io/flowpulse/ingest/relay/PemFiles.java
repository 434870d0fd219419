package io.flowpulse.ingest.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the PEM files of a TLS identity. Private keys may be PKCS#8 ({@code BEGIN PRIVATE KEY}),
 * PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}): cert-manager and
 * openssl write all three, netty's own reader takes only the first.
 */
public final class PemFiles {

    private PemFiles() {
    }

    /** The first private key in {@code file}; anything before it (parameters, a certificate) is skipped. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(in)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            Object item;
            while ((item = pem.readObject()) != null) {
                if (item instanceof PrivateKeyInfo pkcs8) {
                    return converter.getPrivateKey(pkcs8);
                }
                if (item instanceof PEMKeyPair pair) {
                    // only the private part: a SEC1 key may come without its public key
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IOException(file + " holds an encrypted private key; give the key without a passphrase");
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(file + " is not a readable PEM private key: " + e.getMessage(), e);
        }
        throw new IOException(file + " holds no PEM private key (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    /** Every certificate in {@code file}, in order: the leaf first in a chain. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException(file + " holds no PEM certificate");
            }
            return out;
        } catch (CertificateException e) {
            throw new IOException(file + " is not a readable PEM certificate: " + e.getMessage(), e);
        }
    }
}
