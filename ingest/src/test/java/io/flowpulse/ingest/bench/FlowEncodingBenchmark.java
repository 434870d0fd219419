package io.flowpulse.ingest.bench;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.ingest.mapping.FlowMapper;
import io.flowpulse.ingest.protowire.AvroFlowEncoder;
import io.flowpulse.ingest.protowire.FlowResponseView;
import io.flowpulse.schemas.Topics;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.simulator.gen.Simulation;
import io.flowpulse.localstack.LocalStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-event CPU work of relay ingest, on one thread: a {@code GetFlowsResponse} from the
 * simulator mapped by {@link FlowMapper} and written by the production serializer
 * ({@link FlowEventSerde}, Confluent wire format) against the real local schema registry, which
 * the setup starts (the registry is asked once per topic and schema, so it is not in the timed
 * loop). Baselines in the same run: the plain Avro encode of the same records with a reused
 * {@link SpecificDatumWriter} and encoder (no header, no registry), and the protobuf encode of the
 * input. Scores are events per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
public class FlowEncodingBenchmark {

    private static final int EVENTS = 10_000;
    private static final String TOPIC = Topics.FLOWS;

    private final FlowMapper mapper = new FlowMapper();
    private LocalStack stack;
    private Serializer<SpecificRecord> serializer;
    private GetFlowsResponse[] responses;
    private byte[][] encodedResponses;
    private final FlowResponseView fastPath = new FlowResponseView();
    private final AvroFlowEncoder wireEncoder = new AvroFlowEncoder();
    private SpecificRecord[] records;
    private SpecificDatumWriter<Object> plainWriter;
    private final ByteArrayOutputStream plainOut = new ByteArrayOutputStream(1024);
    private BinaryEncoder plainEncoder;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        stack = LocalStack.create(Files.createTempDirectory("flowpulse-bench-stack"));
        SchemaRegistryClient client = SchemaRegistryClient.builder(stack.registry().url()).build();
        serializer = FlowEventSerde.create(client).serializer();
        // only events that become records (flows and lost events), so every loop does the same EVENTS units of work
        Simulation simulation = SimulatedEvents.simulation(7);
        responses = new GetFlowsResponse[EVENTS];
        records = new SpecificRecord[EVENTS];
        for (int i = 0; i < EVENTS; ) {
            GetFlowsResponse response = SimulatedEvents.take(simulation, 1).get(0);
            SpecificRecord record = mapper.map(response).record();
            if (record != null) {
                responses[i] = response;
                records[i++] = record;
            }
        }
        encodedResponses = new byte[EVENTS][];
        for (int i = 0; i < EVENTS; i++) {
            encodedResponses[i] = responses[i].toByteArray();
        }
        serializer.serialize(TOPIC, records[0]); // registers the schema outside the measurement
        plainWriter = new SpecificDatumWriter<>(FlowEventSerde.VALUE_SCHEMA);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        stack.close();
    }

    /** What ingest does per event before the producer: map, then serialize to wire-format bytes. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void mapAndSerialize(Blackhole sink) {
        for (GetFlowsResponse response : responses) {
            sink.consume(serializer.serialize(TOPIC, mapper.map(response).record()));
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void mapOnly(Blackhole sink) {
        for (GetFlowsResponse response : responses) {
            sink.consume(mapper.map(response));
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void serializeOnly(Blackhole sink) {
        for (SpecificRecord record : records) {
            sink.consume(serializer.serialize(TOPIC, record));
        }
    }

    /** Baseline: the Avro encode alone, writer and encoder reused, into one reused buffer. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void plainAvroEncode(Blackhole sink) throws IOException {
        for (SpecificRecord record : records) {
            plainOut.reset();
            plainEncoder = EncoderFactory.get().binaryEncoder(plainOut, plainEncoder);
            plainWriter.write(record, plainEncoder);
            plainEncoder.flush();
            sink.consume(plainOut.size());
        }
    }

    /** Reference: the protobuf encode of the input events (what gRPC does per event on the server side). */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void protobufEncode(Blackhole sink) {
        for (GetFlowsResponse response : responses) {
            sink.consume(response.toByteArray());
        }
    }

    /** What relay ingest does per flow now: read the response's bytes and write the wire-format record from them. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void wireReadAndEncode(Blackhole sink) {
        for (byte[] encoded : encodedResponses) {
            if (fastPath.read(encoded)) {
                sink.consume(wireEncoder.encode(fastPath, 1));
            }
        }
    }

    /** The read part alone: finding the fields in the response's bytes (and checking text is UTF-8). */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void wireReadOnly(Blackhole sink) {
        for (byte[] encoded : encodedResponses) {
            sink.consume(fastPath.read(encoded));
        }
    }

    /** Reference: the protobuf decode of the input events (what the relay client does per event before mapping). */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void protobufParse(Blackhole sink) throws IOException {
        for (byte[] encoded : encodedResponses) {
            sink.consume(GetFlowsResponse.parseFrom(encoded));
        }
    }
}
