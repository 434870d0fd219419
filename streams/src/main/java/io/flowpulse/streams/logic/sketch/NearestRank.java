package io.flowpulse.streams.logic.sketch;

/** Nearest-rank percentile rule: the value at rank ceil(p/100 * n) of the ascending samples. */
public final class NearestRank {

    private NearestRank() {
    }

    /** 1-based rank for percent {@code p} in (0, 100] of {@code n} samples. */
    public static long rank(double percent, long n) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + percent);
        }
        if (n <= 0) {
            throw new IllegalArgumentException("no samples");
        }
        // p/100*n in exact decimal terms: 99/100*200 must give 198, not 198.00000000000003
        java.math.BigDecimal exact = java.math.BigDecimal.valueOf(percent)
                .multiply(java.math.BigDecimal.valueOf(n))
                .divide(java.math.BigDecimal.valueOf(100));
        long rank = exact.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
        return Math.max(1, Math.min(n, rank));
    }
}
