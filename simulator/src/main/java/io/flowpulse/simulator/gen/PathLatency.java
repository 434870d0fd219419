package io.flowpulse.simulator.gen;

import io.flowpulse.simulator.model.ClusterModel;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Round-trip time of a path: base plus a random extra delay. The extra delay's distribution is
 * scaled so that the expected mean absolute difference of two independent draws equals
 * {@code jitterMs}, which is what the analytics report as jitter:
 * exponential with mean j; uniform on [0, 3j]; normal with sigma j*sqrt(pi)/2 centred 3 sigma
 * above the base (clamped at the base).
 */
public record PathLatency(double baseRttMs, double jitterMs, Distribution distribution) {

    public enum Distribution { EXPONENTIAL, UNIFORM, NORMAL }

    private static final double NORMAL_SIGMA_PER_JITTER = Math.sqrt(Math.PI) / 2;

    public PathLatency {
        if (baseRttMs < 0 || jitterMs < 0) {
            throw new IllegalArgumentException("path latency must not be negative: base " + baseRttMs + " ms, jitter " + jitterMs + " ms");
        }
    }

    public static PathLatency of(ClusterModel.Path path) {
        return new PathLatency(path.baseRttMs(), path.jitterMs(), distribution(path.distribution()));
    }

    public static Distribution distribution(String name) {
        try {
            return Distribution.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown latency distribution '" + name + "' (exponential, uniform, normal)");
        }
    }

    public double sampleMs(SplittableRandom random) {
        if (jitterMs == 0) {
            return baseRttMs;
        }
        return switch (distribution) {
            case EXPONENTIAL -> baseRttMs - Math.log(1.0 - random.nextDouble()) * jitterMs;
            case UNIFORM -> baseRttMs + random.nextDouble() * 3 * jitterMs;
            case NORMAL -> {
                double sigma = jitterMs * NORMAL_SIGMA_PER_JITTER;
                yield baseRttMs + Math.max(0, 3 * sigma + sigma * gaussian(random));
            }
        };
    }

    /** Box-Muller; SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
