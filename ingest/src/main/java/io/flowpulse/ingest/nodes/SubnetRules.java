package io.flowpulse.ingest.nodes;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides a node's subnet: from a node label when one is configured and present, else from
 * the first CIDR rule that contains one of the node's addresses, else {@code unknown}.
 * Rules are written {@code name=cidr[,name=cidr...]}, e.g. {@code lab-a=192.168.10.0/24}.
 */
public final class SubnetRules {

    public static final String UNKNOWN = "unknown";

    private final String label;
    private final List<Rule> rules;

    private record Rule(String subnet, byte[] network, int prefix) {
    }

    private SubnetRules(String label, List<Rule> rules) {
        this.label = label;
        this.rules = rules;
    }

    public static SubnetRules of(String label, String cidrRules) {
        List<Rule> rules = new ArrayList<>();
        if (cidrRules != null && !cidrRules.isBlank()) {
            for (String part : cidrRules.split(",")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length != 2 || !kv[1].contains("/")) {
                    throw new IllegalArgumentException("subnet rule '" + part.trim() + "' is not name=cidr");
                }
                String[] cidr = kv[1].trim().split("/", 2);
                rules.add(new Rule(kv[0].trim(), address(cidr[0]), Integer.parseInt(cidr[1])));
            }
        }
        return new SubnetRules(label == null || label.isBlank() ? null : label, rules);
    }

    public String subnetOf(Map<String, String> labels, List<String> addresses) {
        if (label != null && labels.containsKey(label) && !labels.get(label).isBlank()) {
            return labels.get(label);
        }
        for (Rule rule : rules) {
            for (String a : addresses) {
                byte[] bytes;
                try {
                    bytes = address(a);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (bytes.length == rule.network.length && samePrefix(bytes, rule.network, rule.prefix)) {
                    return rule.subnet;
                }
            }
        }
        return UNKNOWN;
    }

    private static boolean samePrefix(byte[] a, byte[] b, int prefix) {
        BigInteger x = new BigInteger(1, a).shiftRight(a.length * 8 - prefix);
        BigInteger y = new BigInteger(1, b).shiftRight(b.length * 8 - prefix);
        return x.equals(y);
    }

    private static byte[] address(String literal) {
        String s = literal.trim();
        if (s.isEmpty() || !(Character.digit(s.charAt(0), 16) >= 0 || s.charAt(0) == ':')) {
            throw new IllegalArgumentException("not an IP address: " + literal);
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
    }
}
