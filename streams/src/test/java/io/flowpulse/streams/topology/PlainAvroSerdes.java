package io.flowpulse.streams.topology;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.avro.Node;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes for TopologyTestDriver tests, which cannot reach a schema registry: plain Avro binary of
 * the generated classes; flows-topic values carry one leading byte, 0 = Flow, 1 = LostEvents.
 */
public final class PlainAvroSerdes implements FlowpulseSerdes {

    @Override
    public Serde<SpecificRecord> flowEvents() {
        return Serdes.serdeFrom((topic, value) -> {
            if (value == null) {
                return null;
            }
            byte tag = value instanceof Flow ? (byte) 0 : value instanceof LostEvents ? (byte) 1 : -1;
            if (tag < 0) {
                throw new SerializationException("not a flows-topic value: " + value.getClass());
            }
            byte[] body = encode(value);
            byte[] out = new byte[body.length + 1];
            out[0] = tag;
            System.arraycopy(body, 0, out, 1, body.length);
            return out;
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length == 0 || bytes[0] > 1 || bytes[0] < 0) {
                throw new SerializationException("not a plain flows-topic value (first byte must be 0 or 1)");
            }
            byte[] body = Arrays.copyOfRange(bytes, 1, bytes.length);
            return bytes[0] == 0 ? decode(Flow.class, body) : decode(LostEvents.class, body);
        });
    }

    @Override
    public Serde<Node> node() {
        return of(Node.class);
    }

    @Override
    public Serde<LinkWindow> linkWindow() {
        return of(LinkWindow.class);
    }

    @Override
    public Serde<DnsWindow> dnsWindow() {
        return of(DnsWindow.class);
    }

    @Override
    public Serde<LatencyWindow> latencyWindow() {
        return of(LatencyWindow.class);
    }

    @Override
    public Serde<Alert> alert() {
        return of(Alert.class);
    }

    public static <T extends SpecificRecord> Serde<T> of(Class<T> type) {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : encode(value),
                (topic, bytes) -> bytes == null ? null : decode(type, bytes));
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> byte[] encode(T value) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<T>((Class<T>) value.getClass()).write(value, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T extends SpecificRecord> T decode(Class<T> type, byte[] bytes) {
        try {
            return new SpecificDatumReader<>(type).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
