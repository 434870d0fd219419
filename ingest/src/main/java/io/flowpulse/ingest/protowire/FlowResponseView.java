package io.flowpulse.ingest.protowire;

import io.flowpulse.schemas.EpochMicros;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One {@code observer.GetFlowsResponse} as it came over the wire, read without building
 * protobuf objects: the fast path of relay ingest. {@link #read} accepts only flows that carry
 * a time and a node name and whose bytes it can read exactly as protobuf would; anything else
 * (lost events, node status, malformed or unusual encodings) is left to the reference path,
 * which parses the response and maps it with {@code FlowMapper}. Fields it does not map are skipped
 * unread, so a message whose only damage lies inside one of them (found by fuzzing: a corrupt
 * {@code ethernet}) is encoded here where protobuf's parser would refuse the whole message; what is
 * published is still exactly what those bytes say about the fields Flowpulse keeps.
 *
 * <p>Reused from event to event; not thread-safe.
 */
public final class FlowResponseView {

    private static final int FLOW = 1;

    private final ProtobufCursor cursor = new ProtobufCursor();
    final FlowView flow = new FlowView();
    private final Text responseNodeName = new Text();
    private final Views.Time responseTime = new Views.Time();
    private byte[] bytes;
    private int member;

    /** Reads a serialized GetFlowsResponse; true when it is a flow this fast path can encode. */
    public boolean read(byte[] serialized) {
        bytes = serialized;
        cursor.reset(serialized);
        flow.clear();
        responseNodeName.clear();
        responseTime.clear();
        member = 0;
        try {
            while (cursor.hasMore()) {
                int tag = cursor.readTag();
                int number = tag >>> 3;
                int wireType = tag & 7;
                switch (number) {
                    case 1, 2, 3 -> {
                        if (member != 0) {
                            throw LeftToReferencePath.INSTANCE;
                        }
                        member = number;
                        if (number == FLOW) {
                            MessageView.message(cursor, wireType, flow);
                        } else {
                            cursor.skip(wireType);
                        }
                    }
                    case 1000 -> MessageView.text(cursor, wireType, responseNodeName);
                    case 1001 -> MessageView.message(cursor, wireType, responseTime);
                    default -> cursor.skip(wireType);
                }
            }
        } catch (LeftToReferencePath e) {
            return false;
        }
        return member == FLOW && (flow.time.present || responseTime.present) && !nodeNameText().isEmpty()
                && Math.abs(eventSeconds()) < 1_000_000_000_000L;
    }

    /** The bytes last given to {@link #read}. */
    public byte[] bytes() {
        return bytes;
    }

    /** Seconds of the flow's time, else of the response's. */
    public long eventSeconds() {
        return flow.time.present ? flow.time.seconds : responseTime.seconds;
    }

    public int eventNanos() {
        return flow.time.present ? flow.time.nanos : responseTime.nanos;
    }

    /** The event time as the flows record holds it: timestamp-micros, nanoseconds below a microsecond cut. */
    public Instant eventTime() {
        return EpochMicros.truncate(eventSeconds(), eventNanos());
    }

    /** The flow's uuid, or null when it has none (Cilium before 1.14). */
    public String uuid() {
        return flow.uuid.isEmpty() ? null : string(flow.uuid);
    }

    /** Observing node as Hubble names it: the flow's node_name, else the response's. The Kafka key. */
    public String nodeName() {
        return string(nodeNameText());
    }

    Text nodeNameText() {
        return flow.nodeName.isEmpty() ? responseNodeName : flow.nodeName;
    }

    private String string(Text text) {
        return new String(bytes, text.offset, text.length, StandardCharsets.UTF_8);
    }
}
