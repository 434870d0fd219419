package io.flowpulse.localstack;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A ClickHouse server reached only over HTTPS with a certificate from {@code tls}, whose one user
 * {@code user} has {@code password} (stored as its SHA-256, as production users.xml files do).
 */
public record ClickHouseSecurity(TlsMaterial tls, String user, String password) {

    String passwordSha256Hex() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ClickHouseSecurity[https, user " + user + "]";
    }
}
