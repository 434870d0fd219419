package io.flowpulse.sink.table;

import io.flowpulse.schemas.EpochMicros;
import io.flowpulse.schemas.avro.Flow;
import java.nio.charset.StandardCharsets;

/**
 * Stable identity of a raw flow: Hubble's uuid when present, otherwise "h" + a 64-bit
 * FNV-1a fingerprint of the fields that tell two events apart. The same record always gets
 * the same id, so redelivery replaces instead of duplicating, and sampling decisions
 * ({@link #sampleFraction}) are the same on every delivery.
 */
public final class FlowIds {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private FlowIds() {
    }

    public static String flowId(Flow f) {
        if (f.getUuid() != null && !f.getUuid().isEmpty()) {
            return f.getUuid();
        }
        long h = FNV_OFFSET;
        h = mix(h, String.valueOf(EpochMicros.of(f.getTime())));
        h = mix(h, f.getNodeName());
        h = mix(h, f.getVerdict());
        h = mix(h, f.getFlowType());
        h = mix(h, String.valueOf(f.getEventType()));
        h = mix(h, String.valueOf(f.getTraceObservationPoint()));
        h = mix(h, String.valueOf(f.getIsReply()));
        h = mix(h, f.getSourceIp());
        h = mix(h, f.getDestinationIp());
        h = mix(h, f.getProtocol());
        h = mix(h, String.valueOf(f.getSourcePort()));
        h = mix(h, String.valueOf(f.getDestinationPort()));
        h = mix(h, String.join(",", f.getTcpFlags()));
        h = mix(h, String.valueOf(f.getDropReasonDesc()));
        h = mix(h, f.getL7() == null ? "" : f.getL7().toString());
        return "h" + String.format("%016x", h);
    }

    /** A number in [0, 1) derived from the flow id: keep the flow when it is below the sampling ratio. */
    public static double sampleFraction(String flowId) {
        long h = mix(FNV_OFFSET, flowId);
        // final avalanche so ids that differ only at the end still spread evenly
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53;
    }

    private static long mix(long h, String s) {
        byte[] bytes = (s == null ? "\u0000" : s).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            h ^= b & 0xFF;
            h *= FNV_PRIME;
        }
        h ^= 0xFF; // field separator
        h *= FNV_PRIME;
        return h;
    }
}
