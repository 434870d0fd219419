package io.flowpulse.simulator.gen;

import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.FaultSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to run a model: the seed, the time of the first event, how long (null = without end),
 * the faults in force, and a factor applied to every traffic rate.
 */
public record SimulationOptions(long seed, Instant start, Duration duration, List<FaultSpec> faults, double rateScale) {

    public static final Instant DEFAULT_CAPTURE_START = Instant.parse("2026-01-01T00:00:00Z");

    public SimulationOptions {
        Objects.requireNonNull(start, "start");
        faults = List.copyOf(faults);
        if (!(rateScale > 0) || Double.isInfinite(rateScale)) {
            throw new IllegalArgumentException("rate scale must be a positive number, not " + rateScale);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be positive, not " + duration);
        }
    }

    /** The model's own faults, seed 1, capture start 2026-01-01T00:00:00Z, no end, rates as modelled. */
    public static SimulationOptions forModel(ClusterModel model) {
        return new SimulationOptions(1, DEFAULT_CAPTURE_START, null, modelFaults(model), 1.0);
    }

    public SimulationOptions withSeed(long newSeed) {
        return new SimulationOptions(newSeed, start, duration, faults, rateScale);
    }

    public SimulationOptions withStart(Instant newStart) {
        return new SimulationOptions(seed, newStart, duration, faults, rateScale);
    }

    public SimulationOptions withDuration(Duration newDuration) {
        return new SimulationOptions(seed, start, newDuration, faults, rateScale);
    }

    public SimulationOptions withFaults(List<FaultSpec> newFaults) {
        return new SimulationOptions(seed, start, duration, newFaults, rateScale);
    }

    public SimulationOptions withRateScale(double newScale) {
        return new SimulationOptions(seed, start, duration, faults, newScale);
    }

    /** The faults listed in the model, parsed. */
    public static List<FaultSpec> modelFaults(ClusterModel model) {
        List<FaultSpec> result = new ArrayList<>();
        for (var entry : model.faults()) {
            result.add(FaultSpec.fromMap(entry));
        }
        return result;
    }
}
