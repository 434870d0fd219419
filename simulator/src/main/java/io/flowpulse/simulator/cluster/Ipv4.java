package io.flowpulse.simulator.cluster;

/** IPv4 addresses as ints, and CIDR blocks. */
public final class Ipv4 {

    private Ipv4() {
    }

    public static int parse(String text) {
        String[] parts = text.trim().split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
        }
        int value = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    public static String format(int ip) {
        return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }

    /** A CIDR block such as 10.244.1.0/24. */
    public record Cidr(int network, int prefix) {
        public Cidr {
            if (prefix < 0 || prefix > 32) {
                throw new IllegalArgumentException("prefix length " + prefix + " is out of range");
            }
            network = network & mask(prefix);
        }

        public static Cidr parse(String text) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR block (a.b.c.d/n)");
            }
            int prefix;
            try {
                prefix = Integer.parseInt(text.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR block (a.b.c.d/n)");
            }
            return new Cidr(Ipv4.parse(text.substring(0, slash)), prefix);
        }

        public boolean contains(int ip) {
            return (ip & mask(prefix)) == network;
        }

        public long size() {
            return 1L << (32 - prefix);
        }

        public int address(long offset) {
            if (offset < 0 || offset >= size()) {
                throw new IllegalArgumentException("offset " + offset + " is outside " + this);
            }
            return network + (int) offset;
        }

        private static int mask(int prefix) {
            return prefix == 0 ? 0 : -1 << (32 - prefix);
        }

        @Override
        public String toString() {
            return Ipv4.format(network) + "/" + prefix;
        }
    }
}
