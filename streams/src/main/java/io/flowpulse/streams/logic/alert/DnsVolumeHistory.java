package io.flowpulse.streams.logic.alert;

import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;
import io.flowpulse.streams.logic.codec.StateCodec;

/**
 * A client's query history for DNS_VOLUME_SPIKE: how many earlier windows had DNS records for it
 * and the EWMA of their query counts, seeded with the first (b1 = q1, b(k+1) = a q(k+1) + (1 - a) b(k)).
 * Windows in which the client has no DNS record do not count and do not move the baseline.
 */
public record DnsVolumeHistory(long windows, double baseline) {

    public static final DnsVolumeHistory EMPTY = new DnsVolumeHistory(0, 0);

    private static final int FORMAT_VERSION = 1;

    public static final StateCodec<DnsVolumeHistory> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(DnsVolumeHistory value) {
            return new ByteWriter(16).writeByte(FORMAT_VERSION).writeVarLong(value.windows)
                    .writeDouble(value.baseline).toByteArray();
        }

        @Override
        public DnsVolumeHistory decode(byte[] bytes) {
            ByteReader in = new ByteReader(bytes);
            in.expectVersion(FORMAT_VERSION, "DnsVolumeHistory");
            DnsVolumeHistory history = new DnsVolumeHistory(in.readVarLong(), in.readDouble());
            in.expectEnd("DnsVolumeHistory");
            return history;
        }
    };

    /** The rule's verdict on a window with {@code queries} queries, judged against this (earlier) history. */
    public Observation observe(String client, long queries, AlertThresholds t) {
        boolean enoughHistory = windows >= t.volumeMinHistory();
        double threshold = enoughHistory ? Math.max(t.volumeMinQueries(), t.volumeBaselineFactor() * baseline)
                                         : t.volumeMinQueries();
        String description = enoughHistory
                ? AlertRules.format("%s: %d DNS queries in the window against a baseline of %s over %d earlier windows (threshold %s)",
                        client, queries, AlertRules.number(baseline), windows, AlertRules.number(threshold))
                : AlertRules.format("%s: %d DNS queries; only %d earlier windows with DNS records, %d needed for a baseline",
                        client, queries, windows, t.volumeMinHistory());
        return new Observation(AlertKind.DNS_VOLUME_SPIKE, AlertRules.dnsSubject(client), queries, threshold,
                enoughHistory && queries >= threshold, description);
    }

    /** The history after one more window with DNS records and {@code queries} queries. */
    public DnsVolumeHistory next(long queries, double alpha) {
        return windows == 0 ? new DnsVolumeHistory(1, queries)
                            : new DnsVolumeHistory(windows + 1, alpha * queries + (1 - alpha) * baseline);
    }
}
