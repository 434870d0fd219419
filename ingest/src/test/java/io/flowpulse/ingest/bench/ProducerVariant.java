package io.flowpulse.ingest.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A named set of producer settings laid over the product's defaults ({@code ProducerSettings.flows}),
 * exactly as {@code kafka.*} settings would be. Written {@code name:key=value,key=value}; a bare name
 * with no settings measures the product defaults as they are.
 */
record ProducerVariant(String name, Map<String, String> overrides) {

    /** The flows producer's defaults before this comparison (lz4, linger 20 ms, 256 KiB batches), spelled out. */
    static final ProducerVariant BEFORE = parse("lz4-before:compression.type=lz4,linger.ms=20,batch.size=262144");

    /** Compared when no {@code --variant} is given: the first one is the baseline of the ratios. */
    static final List<ProducerVariant> DEFAULTS = List.of(
            parse("none-before:compression.type=none,linger.ms=20,batch.size=262144"),
            BEFORE,
            parse("zstd-before:compression.type=zstd,linger.ms=20,batch.size=262144"),
            parse("default"));

    ProducerVariant {
        overrides = Map.copyOf(overrides);
    }

    static ProducerVariant parse(String text) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        if (name.isBlank()) {
            throw new IllegalArgumentException("a variant needs a name: " + text);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        if (colon >= 0 && colon < text.length() - 1) {
            for (String pair : text.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("not key=value: '" + pair + "' in " + text);
                }
                settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return new ProducerVariant(name, settings);
    }

    Properties asProperties() {
        Properties p = new Properties();
        p.putAll(overrides);
        return p;
    }

    /** The settings as a reader would set them: {@code kafka.key=value ...}, or "product defaults". */
    String describe() {
        return overrides.isEmpty() ? "product defaults" : overrides.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "kafka." + e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
