package io.flowpulse.ingest.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.flowpulse.schemas.Topics;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.registry.StubRegistry;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.schemas.serde.WireFormat;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Fuzzes the Avro decoding of flows-topic values as the analytics read them ({@link FlowEventSerde}, into the
 * generated classes) and as the sink reads them ({@link AvroSerde}'s deserializer by writer schema): the bytes
 * after a valid wire-format header come from the fuzzer. The only reject is {@link SerializationException}
 * (which the analytics and the sink dead-letter); memory stays bounded, so a length or count field claiming
 * gigabytes must not be believed (fuzzing found one that was: see AvroReadLimits in the schemas module).
 */
class FlowValueFuzzTest {

    /** The registry holding the flows value schema, started once for the run (in memory, no broker needed). */
    private static final class Registry {
        static final StubRegistry STUB = start();
        static final int SCHEMA_ID;
        static final Deserializer<SpecificRecord> ANALYTICS;
        static final Deserializer<Object> SINK;

        static {
            SchemaRegistryClient client = SchemaRegistryClient.builder(STUB.url()).build();
            SCHEMA_ID = client.register(Topics.FLOWS + "-value", FlowEventSerde.VALUE_SCHEMA);
            ANALYTICS = FlowEventSerde.create(client).deserializer();
            SINK = AvroSerde.<Object>builder().registryUrl(STUB.url()).buildDeserializer();
        }

        private static StubRegistry start() {
            try {
                StubRegistry stub = new StubRegistry();
                Runtime.getRuntime().addShutdownHook(new Thread(stub::close));
                return stub;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the in-memory registry", e);
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    void flowValue(byte[] body) throws Exception {
        byte[] value = new byte[WireFormat.HEADER_LENGTH + body.length];
        WireFormat.writeHeader(value, Registry.SCHEMA_ID);
        System.arraycopy(body, 0, value, WireFormat.HEADER_LENGTH, body.length);
        FuzzLimits.check(value.length, 16L << 20, 400, () -> {
            decode(Registry.ANALYTICS, value);
            decode(Registry.SINK, value);
        });
    }

    private static void decode(Deserializer<?> deserializer, byte[] value) {
        try {
            deserializer.deserialize(Topics.FLOWS, value);
        } catch (SerializationException rejected) {
            // the documented reject
        }
    }
}
