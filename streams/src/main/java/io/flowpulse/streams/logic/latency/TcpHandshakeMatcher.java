package io.flowpulse.streams.logic.latency;

import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.EpochMicros;
import io.flowpulse.streams.logic.naming.EndpointNamer;
import io.flowpulse.streams.logic.naming.EndpointNames;
import io.flowpulse.streams.logic.state.KeyValueState;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pairs TCP SYN and SYN-ACK events observed at the same node into tcp_handshake samples
 * (analytics spec section 5). State per (node, 5-tuple of the SYN), in a {@link KeyValueState}:
 * <ul>
 *   <li>A SYN without ACK, not DROPPED, whose source is local to the observing node (ID > 0) and
 *       whose is_reply is not true opens a handshake, unless one is already open for that node
 *       and tuple and less than the timeout old: a retransmitted SYN, or the same SYN seen at a
 *       second observation point, keeps the first SYN's time, so the sample is the connect time
 *       the client experienced. An open handshake older than the timeout is replaced.</li>
 *   <li>The first SYN+ACK, not DROPPED, at the same node for the reversed tuple, at most the
 *       timeout [10 s] after the SYN, closes it: sample = SYN-ACK time - SYN time, at the SYN's
 *       time. A SYN-ACK later than the timeout discards the handshake without a sample; one that
 *       is earlier than the SYN (out of order input) is ignored.</li>
 *   <li>After a pair, nothing is open, so repeated SYN-ACKs are ignored and a later SYN starts a
 *       new handshake.</li>
 * </ul>
 * Client and server are named when the SYN is seen. Call {@link #expireBefore} now and then (e.g.
 * from a punctuator) so that unanswered SYNs do not pile up.
 */
public final class TcpHandshakeMatcher {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final KeyValueState<PendingSyn> store;
    private final long timeoutMicros;

    public TcpHandshakeMatcher(KeyValueState<PendingSyn> store) {
        this(store, DEFAULT_TIMEOUT);
    }

    public TcpHandshakeMatcher(KeyValueState<PendingSyn> store, Duration timeout) {
        this.store = Objects.requireNonNull(store, "store");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive: " + timeout);
        }
        this.timeoutMicros = timeout.toNanos() / 1_000;
    }

    /** Feeds one flow observed at {@code flow.node}; returns the sample it completes, if any. */
    public Optional<LatencySample> onFlow(Flow flow, EndpointNamer namer) {
        if (!"TCP".equals(flow.getProtocol()) || "DROPPED".equals(flow.getVerdict())) {
            return Optional.empty();
        }
        List<String> flags = flow.getTcpFlags();
        if (!flags.contains("SYN")) {
            return Optional.empty();
        }
        Optional<FiveTuple> tuple = FiveTuple.of(flow);
        if (tuple.isEmpty()) {
            return Optional.empty();
        }
        long time = EpochMicros.of(flow.getTime());
        if (flags.contains("ACK")) {
            return onSynAck(flow.getNode(), tuple.get(), time);
        }
        if (flow.getSource().getId() > 0 && !Boolean.TRUE.equals(flow.getIsReply())) {
            onSyn(flow, tuple.get(), time, namer);
        }
        return Optional.empty();
    }

    private void onSyn(Flow flow, FiveTuple tuple, long time, EndpointNamer namer) {
        String key = tuple.keyAt(flow.getNode());
        PendingSyn open = store.get(key);
        if (open != null && time >= open.synTimeMicros() && time - open.synTimeMicros() <= timeoutMicros) {
            return; // retransmission or another observation point of the same SYN: the first one counts
        }
        EndpointNames client = namer.source(flow);
        EndpointNames server = namer.destination(flow);
        store.put(key, new PendingSyn(time, client.node(), client.subnet(), server.node(), server.subnet()));
    }

    private Optional<LatencySample> onSynAck(String node, FiveTuple synAckTuple, long time) {
        String key = synAckTuple.reversed().keyAt(node);
        PendingSyn open = store.get(key);
        if (open == null) {
            return Optional.empty();
        }
        long elapsed = time - open.synTimeMicros();
        if (elapsed < 0) {
            return Optional.empty();
        }
        store.delete(key);
        if (elapsed > timeoutMicros) {
            return Optional.empty();
        }
        return Optional.of(new LatencySample(LatencyKind.TCP_HANDSHAKE, open.srcNode(), open.srcSubnet(),
                open.dstNode(), open.dstSubnet(), open.synTimeMicros(), elapsed * 1_000));
    }

    /** Drops open handshakes that can no longer pair once stream time has reached {@code streamTimeMicros}. */
    public int expireBefore(long streamTimeMicros) {
        long cutoff = streamTimeMicros - timeoutMicros;
        return store.deleteIf(syn -> syn.synTimeMicros() < cutoff);
    }
}
