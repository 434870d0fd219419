package io.flowpulse.console.http;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/**
 * Who may use the console: with a token configured, requests carrying it as a bearer token or in
 * the console's cookie; bound to a loopback address, only requests whose {@code Host} names this
 * machine (so a web page elsewhere cannot reach it through DNS rebinding).
 */
public final class Access {

    public static final String COOKIE = "flowpulse_console";

    private final byte[] token;
    private final boolean loopbackOnly;

    public Access(String token, InetAddress bound) {
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.loopbackOnly = bound != null && bound.isLoopbackAddress();
    }

    public boolean tokenRequired() {
        return token != null;
    }

    /** True when the {@code Host} header is acceptable. */
    public boolean hostAllowed(String host) {
        if (!loopbackOnly) {
            return true;
        }
        if (host == null) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end < 0 ? h : h.substring(0, end + 1);
        } else if (h.indexOf(':') >= 0) {
            h = h.substring(0, h.indexOf(':'));
        }
        return h.equals("127.0.0.1") || h.equals("localhost") || h.equals("[::1]") || h.matches("127\\.\\d+\\.\\d+\\.\\d+");
    }

    /** True without a token, else when the Authorization header or the cookie carries it. */
    public boolean authorized(List<String> authorization, List<String> cookies) {
        if (token == null) {
            return true;
        }
        if (authorization != null) {
            for (String a : authorization) {
                if (a.regionMatches(true, 0, "Bearer ", 0, 7) && matches(a.substring(7).trim())) {
                    return true;
                }
            }
        }
        if (cookies != null) {
            for (String header : cookies) {
                for (String part : header.split(";")) {
                    String p = part.trim();
                    if (p.startsWith(COOKIE + "=") && matches(p.substring(COOKIE.length() + 1))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Constant-time comparison with the configured token. */
    public boolean matches(String candidate) {
        return token != null && candidate != null
                && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
