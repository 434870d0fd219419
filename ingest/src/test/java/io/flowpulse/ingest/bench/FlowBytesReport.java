package io.flowpulse.ingest.bench;

import io.flowpulse.ingest.bench.FlowBytesBenchmark.Measurement;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/** The benchmark's tables in Markdown: every run, then the medians per capture and variant. */
final class FlowBytesReport {

    private final List<ProducerVariant> variants;
    private final List<Measurement> measurements;

    FlowBytesReport(List<ProducerVariant> variants, List<Measurement> measurements) {
        this.variants = variants;
        this.measurements = measurements;
    }

    void print(PrintStream out) {
        out.println();
        out.println("Every run (ratio: bytes/flow against the baseline variant of the same run; CPU per record: ingest's JVM,"
                + " the broker process, and the whole machine, which includes whatever else runs on it)");
        out.println();
        out.println("| capture | run | variant | records | bytes on disk | bytes/flow | ratio to " + variants.get(0).name()
                + " | records/s | ingest CPU us/record | broker CPU us/record | machine CPU us/record | producer batch avg bytes"
                + " | producer compression rate |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Measurement m : measurements) {
            Measurement base = baseline(m);
            out.printf(Locale.ROOT, "| %s | %d | %s | %,d | %,d | %.1f | %.3f | %,.0f | %.2f | %.2f | %.2f | %,.0f | %.3f |%n",
                    m.capture(), m.run(), m.variant().name(), m.disk().records(), m.disk().segmentBytes(),
                    m.disk().bytesPerRecord(), m.disk().bytesPerRecord() / base.disk().bytesPerRecord(),
                    m.recordsPerSecond(), m.jvmMicrosPerRecord(), m.brokerMicrosPerRecord(), m.machineMicrosPerRecord(),
                    m.producer().batchBytesAvg(), m.producer().compressionRateAvg());
        }
        out.println();
        out.println("Medians over the runs (min-max of bytes/flow in brackets)");
        out.println();
        out.println("| capture | variant | records | bytes/flow | ratio to " + variants.get(0).name()
                + " | records/s | ingest CPU us/record | broker CPU us/record | ingest + broker CPU vs " + variants.get(0).name()
                + " |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (String capture : captures()) {
            for (ProducerVariant v : variants) {
                List<Measurement> of = measurements.stream()
                        .filter(m -> m.capture().equals(capture) && m.variant().equals(v)).toList();
                List<Measurement> base = measurements.stream()
                        .filter(m -> m.capture().equals(capture) && m.variant().equals(variants.get(0))).toList();
                if (of.isEmpty()) {
                    continue;
                }
                double bytes = median(of, m -> m.disk().bytesPerRecord());
                out.printf(Locale.ROOT, "| %s | %s | %,d | %.1f (%.1f-%.1f) | %.3f | %,.0f | %.2f | %.2f | %+.2f |%n",
                        capture, v.name(), of.get(0).disk().records(), bytes,
                        of.stream().mapToDouble(m -> m.disk().bytesPerRecord()).min().orElseThrow(),
                        of.stream().mapToDouble(m -> m.disk().bytesPerRecord()).max().orElseThrow(),
                        bytes / median(base, m -> m.disk().bytesPerRecord()), median(of, Measurement::recordsPerSecond),
                        median(of, Measurement::jvmMicrosPerRecord), median(of, Measurement::brokerMicrosPerRecord),
                        median(of, FlowBytesReport::ownMicros) - median(base, FlowBytesReport::ownMicros));
            }
        }
    }

    /** CPU of ingest and the broker together per record: the cost of a setting, without other load on the machine. */
    private static double ownMicros(Measurement m) {
        return m.jvmMicrosPerRecord() + m.brokerMicrosPerRecord();
    }

    private Measurement baseline(Measurement m) {
        return measurements.stream().filter(b -> b.capture().equals(m.capture()) && b.run() == m.run()
                && b.variant().equals(variants.get(0))).findFirst().orElseThrow();
    }

    private Set<String> captures() {
        Set<String> names = new LinkedHashSet<>();
        measurements.forEach(m -> names.add(m.capture()));
        return names;
    }

    private static double median(List<Measurement> of, ToDoubleFunction<Measurement> value) {
        double[] sorted = of.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
