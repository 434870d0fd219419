package io.flowpulse.simulator.gen;

import java.util.List;
import java.util.SplittableRandom;

/** The names a client looks up, their broken variants, and algorithmically generated ones. */
final class DnsNames {

    private static final char[] DGA_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final String[] DGA_ZONES = {".xyz.", ".top.", ".info.", ".biz."};

    private final String[] names;
    private final String[] answers;
    private final String[] missing;
    private final String[] searchExpansions;

    /**
     * @param names   fully qualified names with the trailing dot
     * @param answers the A record of each name
     * @param clientNamespace for the search-path expansions a resolver with ndots:5 tries first
     */
    DnsNames(List<String> names, List<String> answers, String clientNamespace, String domain) {
        this.names = names.toArray(String[]::new);
        this.answers = answers.toArray(String[]::new);
        this.missing = new String[this.names.length];
        this.searchExpansions = new String[this.names.length];
        for (int i = 0; i < this.names.length; i++) {
            String name = this.names[i];
            int dot = name.indexOf('.');
            missing[i] = name.substring(0, dot) + "-legacy" + name.substring(dot);
            searchExpansions[i] = name + clientNamespace + ".svc." + domain + ".";
        }
    }

    int size() {
        return names.length;
    }

    String name(int i) {
        return names[i];
    }

    String answer(int i) {
        return answers[i];
    }

    String missing(int i) {
        return missing[i];
    }

    String searchExpansion(int i) {
        return searchExpansions[i];
    }

    /** A name whose leftmost label is 22-30 random characters with at least 4 bits of entropy per character. */
    static String dga(SplittableRandom random) {
        while (true) {
            int length = 22 + random.nextInt(9);
            char[] label = new char[length];
            for (int i = 0; i < length; i++) {
                label[i] = DGA_ALPHABET[random.nextInt(DGA_ALPHABET.length)];
            }
            if (entropyBitsPerChar(label) >= 4.0) {
                return new String(label) + DGA_ZONES[random.nextInt(DGA_ZONES.length)];
            }
        }
    }

    static double entropyBitsPerChar(char[] text) {
        int[] counts = new int[128];
        for (char c : text) {
            counts[c & 127]++;
        }
        double entropy = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / text.length;
                entropy -= p * Math.log(p) / Math.log(2);
            }
        }
        return entropy;
    }
}
