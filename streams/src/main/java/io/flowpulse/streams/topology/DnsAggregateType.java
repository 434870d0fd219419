package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.codec.StateCodec;
import io.flowpulse.streams.logic.dns.DnsAggregate;
import io.flowpulse.streams.logic.dns.SuspiciousNames;
import io.flowpulse.streams.logic.limit.OverflowKeys;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/** DNS health per client workload and window; final record DnsWindow. */
public final class DnsAggregateType implements AggregateType<DnsAggregate> {

    public static final char TAG = 'D';

    private final SuspiciousNames suspiciousNames;

    public DnsAggregateType(SuspiciousNames suspiciousNames) {
        this.suspiciousNames = Objects.requireNonNull(suspiciousNames, "suspiciousNames");
    }

    @Override
    public char tag() {
        return TAG;
    }

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public String overflowKey(String outputKey) {
        return OverflowKeys.name();
    }

    @Override
    public StateCodec<DnsAggregate> codec() {
        return DnsAggregate.CODEC;
    }

    @Override
    public DnsAggregate merge(DnsAggregate target, DnsAggregate source) {
        return target.merge(source);
    }

    @Override
    public SpecificRecord finalRecord(String outputKey, TimeWindow window, DnsAggregate aggregate) {
        return aggregate.toWindow(outputKey, window, suspiciousNames);
    }
}
