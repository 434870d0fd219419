package io.flowpulse.streams.logic.dns;

import java.util.HashMap;
import java.util.Map;

/**
 * DGA-like query names (rule DNS_SUSPICIOUS_NAME): the leftmost label has at least
 * {@code minLabelLength} characters [20] and a Shannon entropy of at least {@code minEntropyBits}
 * bits per character [3.8]. The label is taken as written (case kept), up to the first dot.
 */
public record SuspiciousNames(int minLabelLength, double minEntropyBits) {

    public static final SuspiciousNames DEFAULTS = new SuspiciousNames(20, 3.8);

    public boolean isSuspicious(String name) {
        String label = leftmostLabel(name);
        return label.length() >= minLabelLength && shannonEntropy(label) >= minEntropyBits;
    }

    public static String leftmostLabel(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** -sum p(c) log2 p(c) over the characters of {@code text}; 0 for an empty text. */
    public static double shannonEntropy(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        Map<Integer, Integer> counts = new HashMap<>();
        text.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
        double length = text.codePointCount(0, text.length());
        double entropy = 0;
        for (int count : counts.values()) {
            double p = count / length;
            entropy -= p * (Math.log(p) / Math.log(2));
        }
        return entropy;
    }
}
