package io.flowpulse.ingest.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import io.flowpulse.hubble.observer.ObserverProtos.ExportEvent;
import io.flowpulse.ingest.capture.HubbleLineParser;
import io.flowpulse.ingest.mapping.FlowMapper;
import io.flowpulse.ingest.mapping.MappedEvent;
import io.flowpulse.schemas.hubble.HubbleJson;
import io.flowpulse.schemas.hubble.RecordedCaptures;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Capture lines through JSON parsing and mapping to Avro, over the 400 recorded TCP flows:
 * JsonFormat ({@code parse}) against the capture reader's fast path ({@code parseFast}).
 * Scores are lines per second. Run from ingest/ after {@code test-compile}:
 * {@code java -cp target/test-classes:target/classes:<test classpath> org.openjdk.jmh.Main FlowMappingBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
public class FlowMappingBenchmark {

    private static final int LINES = 400;

    private final FlowMapper mapper = new FlowMapper();
    private final HubbleLineParser lineParser = new HubbleLineParser();
    private List<String> lines;
    private ExportEvent[] events;

    @Setup
    public void load() throws InvalidProtocolBufferException {
        lines = RecordedCaptures.lines("basic-sample-400-tcp-flows.json");
        events = new ExportEvent[lines.size()];
        for (int i = 0; i < events.length; i++) {
            events[i] = HubbleJson.parseLine(lines.get(i));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parse(Blackhole sink) throws InvalidProtocolBufferException {
        for (String line : lines) {
            sink.consume(HubbleJson.parseLine(line));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parseFast(Blackhole sink) throws InvalidProtocolBufferException {
        for (String line : lines) {
            sink.consume(lineParser.parse(line));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void map(Blackhole sink) {
        for (ExportEvent event : events) {
            sink.consume(mapper.map(event));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parseAndMap(Blackhole sink) throws InvalidProtocolBufferException {
        for (String line : lines) {
            MappedEvent mapped = mapper.map(HubbleJson.parseLine(line));
            sink.consume(mapped);
        }
    }

    /** What the capture reader does per line. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parseFastAndMap(Blackhole sink) throws InvalidProtocolBufferException {
        for (String line : lines) {
            sink.consume(mapper.map(lineParser.parse(line)));
        }
    }
}
