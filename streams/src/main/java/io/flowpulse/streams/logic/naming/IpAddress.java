package io.flowpulse.streams.logic.naming;

/**
 * An IPv4 or IPv6 address as a 128-bit number ({@code high}, {@code low}); IPv4 uses only the
 * low 32 bits. Parsed by hand so that lookups never touch DNS and allocate at most this object.
 */
public record IpAddress(boolean ipv6, long high, long low) {

    public int bits() {
        return ipv6 ? 128 : 32;
    }

    /** The address, or null when {@code text} is not an IPv4 or IPv6 literal. */
    public static IpAddress parseOrNull(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        long v4 = parseV4(text, 0, text.length());
        return v4 < 0 ? null : new IpAddress(false, 0, v4);
    }

    /** The address; an error naming the text when it is not an IP literal. */
    public static IpAddress parse(String text) {
        IpAddress address = parseOrNull(text);
        if (address == null) {
            throw new IllegalArgumentException("not an IPv4 or IPv6 address: '" + text + "'");
        }
        return address;
    }

    /** Dotted quad in {@code text[from, to)} as an unsigned 32-bit value, or -1. */
    static long parseV4(String text, int from, int to) {
        long value = 0;
        int octets = 0;
        int i = from;
        while (i < to) {
            int octet = 0;
            int digits = 0;
            while (i < to && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                octet = octet * 10 + (text.charAt(i) - '0');
                digits++;
                i++;
                if (digits > 3) {
                    return -1;
                }
            }
            if (digits == 0 || octet > 255) {
                return -1;
            }
            value = (value << 8) | octet;
            octets++;
            if (i < to) {
                if (text.charAt(i) != '.' || octets == 4) {
                    return -1;
                }
                i++;
                if (i == to) {
                    return -1;
                }
            }
        }
        return octets == 4 ? value : -1;
    }

    private static IpAddress parseV6(String text) {
        int end = text.indexOf('%');
        if (end < 0) {
            end = text.length();
        }
        int[] groups = new int[8];
        int count = 0;
        int gapAt = -1;
        int i = 0;
        if (text.startsWith("::")) {
            gapAt = 0;
            i = 2;
        }
        while (i < end) {
            int groupEnd = i;
            while (groupEnd < end && text.charAt(groupEnd) != ':') {
                groupEnd++;
            }
            if (groupEnd == end && text.indexOf('.', i) >= 0 && text.indexOf('.', i) < end) {
                long v4 = parseV4(text, i, end);
                if (v4 < 0 || count > 6) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xFFFF);
                i = end;
                break;
            }
            int length = groupEnd - i;
            if (length == 0 || length > 4 || count == 8) {
                return null;
            }
            int group = 0;
            for (int k = i; k < groupEnd; k++) {
                int digit = Character.digit(text.charAt(k), 16);
                if (digit < 0) {
                    return null;
                }
                group = (group << 4) | digit;
            }
            groups[count++] = group;
            i = groupEnd;
            if (i < end) {
                i++;
                if (i < end && text.charAt(i) == ':') {
                    if (gapAt >= 0) {
                        return null;
                    }
                    gapAt = count;
                    i++;
                } else if (i == end) {
                    return null;
                }
            }
        }
        if (gapAt < 0 && count != 8 || gapAt >= 0 && count > 7) {
            return null;
        }
        int[] full = new int[8];
        if (gapAt < 0) {
            System.arraycopy(groups, 0, full, 0, 8);
        } else {
            int tail = count - gapAt;
            System.arraycopy(groups, 0, full, 0, gapAt);
            System.arraycopy(groups, gapAt, full, 8 - tail, tail);
        }
        long high = 0;
        long low = 0;
        for (int g = 0; g < 4; g++) {
            high = (high << 16) | full[g];
            low = (low << 16) | full[g + 4];
        }
        return new IpAddress(true, high, low);
    }
}
