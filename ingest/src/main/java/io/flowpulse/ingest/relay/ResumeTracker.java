package io.flowpulse.ingest.relay;

import io.flowpulse.hubble.flow.FlowProtos.Flow;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import com.google.protobuf.Timestamp;
import java.util.HashSet;
import java.util.Set;

/**
 * Remembers where a GetFlows stream stopped so a reconnect can ask for {@code since = last
 * event time} and drop what it already delivered at that boundary.
 *
 * <p>Hubble's {@code since} is inclusive, so after a reconnect the events at exactly the last
 * time come again. An event is identified by its uuid where present (Cilium 1.14+), else by
 * time + node + 5-tuple + observation point + verdict + event type. Only the identities at
 * the newest time are kept, so memory stays constant. Events older than the resume point
 * that arrive after a reconnect (relay output is only approximately ordered) are counted as
 * duplicates too: they were before the point the stream already reached.
 *
 * <p>A restarted ingest has no stream to continue: it is {@linkplain #seed seeded} with the point its
 * earlier run reached on the flows topic, and skips the events at or after that point that are on the
 * topic already.
 */
public final class ResumeTracker {

    private long lastSeconds = Long.MIN_VALUE;
    private int lastNanos;
    /** Identity of the first event at the newest time; most times have only one event. */
    private String firstIdAtLast;
    /** Identities of further events at the newest time, created only when there are any. */
    private Set<String> moreIdsAtLast;
    private boolean resumed;
    /** What an earlier run published from the seeded point on; dropped once the stream is past it. */
    private ResumePoint published;

    /** True when the response is new and should be delivered; updates the resume point. */
    public boolean accept(GetFlowsResponse response) {
        Timestamp t = eventTime(response);
        return accept(t.getSeconds(), t.getNanos(), identity(response));
    }

    /** The same for an event known by its time and {@link #identity identity}. */
    public synchronized boolean accept(long seconds, int nanos, String id) {
        if (published != null) {
            long micros = seconds * 1_000_000L + nanos / 1000;
            if (published.contains(micros, id)) {
                return false;
            }
            if (micros > published.untilMicros() + ResumePoint.SKEW.toNanos() / 1000) {
                published = null;
            }
        }
        int cmp = compare(seconds, nanos);
        if (cmp < 0) {
            return !resumed;
        }
        if (cmp == 0) {
            if (id.equals(firstIdAtLast)) {
                return false;
            }
            if (moreIdsAtLast == null) {
                moreIdsAtLast = new HashSet<>();
            }
            return moreIdsAtLast.add(id);
        }
        lastSeconds = seconds;
        lastNanos = nanos;
        firstIdAtLast = id;
        moreIdsAtLast = null;
        return true;
    }

    /**
     * Starts from where an earlier run got to: the first request asks for {@code since} the point, and
     * the events the earlier run published from there on are skipped.
     */
    public synchronized void seed(ResumePoint point) {
        lastSeconds = Math.floorDiv(point.sinceMicros(), 1_000_000L);
        lastNanos = (int) Math.floorMod(point.sinceMicros(), 1_000_000L) * 1000;
        firstIdAtLast = null;
        moreIdsAtLast = null;
        resumed = true;
        published = point;
    }

    /** Marks a reconnect: from now on anything before the resume point is a duplicate. */
    public synchronized void onReconnect() {
        resumed = lastSeconds != Long.MIN_VALUE;
    }

    /** The {@code since} to ask for on reconnect, or null before the first event. */
    public synchronized Timestamp resumeFrom() {
        return lastSeconds == Long.MIN_VALUE ? null
                : Timestamp.newBuilder().setSeconds(lastSeconds).setNanos(lastNanos).build();
    }

    private int compare(long seconds, int nanos) {
        if (lastSeconds == Long.MIN_VALUE) {
            return 1;
        }
        int c = Long.compare(seconds, lastSeconds);
        return c != 0 ? c : Integer.compare(nanos, lastNanos);
    }

    static Timestamp eventTime(GetFlowsResponse r) {
        if (r.hasFlow() && r.getFlow().hasTime()) {
            return r.getFlow().getTime();
        }
        return r.getTime();
    }

    /** The uuid of a flow where it has one, else what tells events of the same time apart. */
    static String identity(GetFlowsResponse r) {
        if (r.hasFlow()) {
            Flow f = r.getFlow();
            if (!f.getUuid().isEmpty()) {
                return f.getUuid();
            }
            StringBuilder sb = new StringBuilder(96)
                    .append(r.getNodeName()).append('|').append(f.getNodeName()).append('|')
                    .append(f.getIP().getSource()).append('|').append(f.getIP().getDestination()).append('|')
                    .append(f.getL4().getProtocolCase()).append('|');
            switch (f.getL4().getProtocolCase()) {
                case TCP -> sb.append(f.getL4().getTCP().getSourcePort()).append('|')
                        .append(f.getL4().getTCP().getDestinationPort()).append('|')
                        .append(f.getL4().getTCP().getFlags().hashCode());
                case UDP -> sb.append(f.getL4().getUDP().getSourcePort()).append('|')
                        .append(f.getL4().getUDP().getDestinationPort());
                case SCTP -> sb.append(f.getL4().getSCTP().getSourcePort()).append('|')
                        .append(f.getL4().getSCTP().getDestinationPort());
                case ICMPV4 -> sb.append(f.getL4().getICMPv4().getType()).append('|')
                        .append(f.getL4().getICMPv4().getCode());
                case ICMPV6 -> sb.append(f.getL4().getICMPv6().getType()).append('|')
                        .append(f.getL4().getICMPv6().getCode());
                default -> sb.append('-');
            }
            return sb.append('|').append(f.getTraceObservationPointValue())
                    .append('|').append(f.getVerdictValue())
                    .append('|').append(f.getEventType().getType()).append('.').append(f.getEventType().getSubType())
                    .append('|').append(f.getL7().getTypeValue())
                    .toString();
        }
        if (r.hasLostEvents()) {
            return lostEventsIdentity(r.getNodeName(), r.getLostEvents().getSource().name(),
                    r.getLostEvents().getNumEventsLost(), r.getLostEvents().getCpu().getValue());
        }
        return "status|" + r.getNodeName() + '|' + r.getNodeStatus().hashCode();
    }

    /** The identity of a lost-events report, the same whether read from the relay or from the flows topic. */
    public static String lostEventsIdentity(String nodeName, String source, long lost, int cpu) {
        return "lost|" + nodeName + '|' + source + '|' + lost + '|' + cpu;
    }
}
