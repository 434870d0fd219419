package io.flowpulse.ingest.protowire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.ingest.fuzz.FuzzLimits;
import io.flowpulse.ingest.mapping.EventTimeBounds;
import io.flowpulse.ingest.mapping.FlowMapper;
import io.flowpulse.ingest.mapping.FlowMappingException;
import io.flowpulse.ingest.mapping.MappedEvent;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.schemas.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Fuzzes the decoding of relay messages, from the raw bytes of a GetFlowsResponse as gRPC hands them
 * over: the fast path ({@link FlowResponseView}, {@link AvroFlowEncoder}) throws nothing and, whenever it
 * encodes a flow that protobuf's parser reads, writes exactly the bytes of the reference path (protobuf's
 * parser, {@link FlowMapper}, Avro's writer); the reference path refuses only with
 * {@link InvalidProtocolBufferException} or {@link FlowMappingException}, the two rejects ingest
 * dead-letters. (Bytes protobuf refuses only inside fields Flowpulse does not map are the fast path's to
 * take: it skips those fields unread.) Time and memory stay linear in the input.
 */
class RelayMessageFuzzTest {

    private static final int SCHEMA_ID = 7;
    private static final SpecificDatumWriter<Object> WRITER = new SpecificDatumWriter<>(FlowEventSerde.VALUE_SCHEMA);

    private final FlowResponseView view = new FlowResponseView();
    private final AvroFlowEncoder encoder = new AvroFlowEncoder();
    private final EventTimeBounds bounds = EventTimeBounds.DEFAULTS;
    private final FlowMapper mapper = new FlowMapper(bounds);

    @FuzzTest(maxDuration = "2m")
    void relayMessage(byte[] message) throws Exception {
        FuzzLimits.check(message.length, 4L << 20, 200, () -> {
            // as IngestPipeline.publishEncoded: a time out of bounds is left to the reference path
            byte[] fast = view.read(message) && bounds.accepts(view.eventSeconds()) ? encoder.encode(view, SCHEMA_ID) : null;
            GetFlowsResponse parsed;
            try {
                parsed = GetFlowsResponse.parseFrom(message);
            } catch (InvalidProtocolBufferException refused) {
                return;
            }
            byte[] reference = reference(parsed);
            if (fast != null && !Arrays.equals(fast, reference)) {
                throw new AssertionError("the fast path wrote " + Arrays.toString(fast) + " where the reference wrote "
                        + Arrays.toString(reference));
            }
        });
    }

    /** The value the reference path publishes, or null when the mapping refuses the response as ingest would. */
    private byte[] reference(GetFlowsResponse response) throws IOException {
        MappedEvent mapped;
        try {
            mapped = mapper.map(response);
        } catch (FlowMappingException refused) {
            return null;
        }
        if (mapped.record() == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[WireFormat.HEADER_LENGTH];
        WireFormat.writeHeader(header, SCHEMA_ID);
        out.write(header);
        BinaryEncoder avro = EncoderFactory.get().binaryEncoder(out, null);
        WRITER.write(mapped.record(), avro);
        avro.flush();
        return out.toByteArray();
    }
}
