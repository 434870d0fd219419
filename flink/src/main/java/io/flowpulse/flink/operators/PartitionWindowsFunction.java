package io.flowpulse.flink.operators;

import io.flowpulse.flink.JobParams;
import io.flowpulse.flink.model.DeadLetter;
import io.flowpulse.flink.model.FlowsRecord;
import io.flowpulse.flink.model.NodeUpdate;
import io.flowpulse.flink.model.WindowPart;
import io.flowpulse.flink.state.MapStateKeyValueState;
import io.flowpulse.flink.state.OpenAggregate;
import io.flowpulse.flink.state.OpenAggregateSerializer;
import io.flowpulse.schemas.EpochMicros;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.streams.logic.latency.PendingSyn;
import io.flowpulse.streams.logic.latency.TcpHandshakeMatcher;
import io.flowpulse.streams.logic.naming.EndpointNamer;
import io.flowpulse.streams.topology.Contribution;
import io.flowpulse.streams.topology.InventoryHolder;
import io.flowpulse.streams.topology.AggregateTypes;
import io.flowpulse.streams.topology.RecordContributions;
import io.flowpulse.streams.topology.WindowKeyGuard;
import io.flowpulse.streams.topology.WindowedKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1, keyed by the partition of the flows topic: the Flink form of the streams module's
 * {@code PartialWindowsProcessor}, with the same logic and the same clock.
 *
 * <p>Per partition it keeps the largest event time read and the bound up to which it has closed
 * windows. A record whose window that partition has already closed (its event time passed
 * {@code window end + grace}) is counted late and not added, exactly as in Kafka Streams: lateness is
 * judged by the record's own partition, not by the slowest one. Every other flow is turned into its
 * contributions by the streams module's {@link RecordContributions} (link events at three levels, the
 * DNS event of its client, L7 latency samples), TCP handshakes are paired per (node, 5-tuple) by its
 * {@link TcpHandshakeMatcher}, and the contributions are pre-aggregated per (output key, window);
 * a key new to a window that already holds the most keys of its type goes to the overflow key
 * ({@link WindowKeyGuard}, the same limit as in Kafka Streams).
 * When the partition's event time passes a window's end + grace, the window's partial aggregates go
 * to stage 2. Stage 2 closes the window once Flink's watermark (the minimum over the partitions of
 * {@code largest event time - grace}) has passed its end, by which time every partition has sent
 * its part.
 *
 * <p>Side outputs: {@link #WINDOWS_SEEN} (the window of a partition's latest event time, whenever it
 * changes, for the alerts) and {@link #DEAD_LETTERS} (records that cannot be read).
 *
 * <p>A partition without records for the idle timeout (wall clock) hands its open windows over to
 * stage 2, because the source stops holding the watermark back for it; what comes later for those
 * windows still merges there while they are open.
 */
public final class PartitionWindowsFunction
        extends KeyedBroadcastProcessFunction<Integer, FlowsRecord, NodeUpdate, WindowPart> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PartitionWindowsFunction.class);

    /** The node inventory topic, broadcast to every subtask: node name -> value in the Confluent wire format. */
    public static final MapStateDescriptor<String, byte[]> NODES =
            new MapStateDescriptor<>("node-inventory", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    public static final OutputTag<WindowPart> WINDOWS_SEEN = new OutputTag<>("windows-seen", Types.POJO(WindowPart.class));
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", Types.POJO(DeadLetter.class));

    private final JobParams params;

    private transient AggregateTypes types;
    private transient RecordContributions contributions;
    /** The key limit of each partition of this subtask, rebuilt from its open windows after a restart. */
    private transient Map<Integer, WindowKeyGuard> keyGuards;
    private transient InventoryHolder inventory;
    private transient boolean inventoryRestored;
    private transient EndpointNamer namer;
    private transient Deserializer<SpecificRecord> flowDecoder;
    private transient Deserializer<Node> nodeDecoder;
    private transient ValueState<Long> maxEventTime;
    private transient ValueState<Long> closedUpTo;
    private transient MapState<String, OpenAggregate> openWindows;
    private transient TcpHandshakeMatcher handshakes;
    /** Wall-clock time of the last record per partition of this subtask (not checkpointed: a restart counts as activity). */
    private transient Map<Integer, Long> lastRecordWallClock;
    /** Partitions of this subtask with an idle check pending. */
    private transient Map<Integer, Long> idleCheckAt;

    private transient JobCounter inputRecords;
    private transient JobCounter lateRecords;
    private transient JobCounter lateSamples;
    private transient JobCounter endMarkers;
    private transient JobCounter deadLetters;
    private transient JobCounter partialsEmitted;
    private transient JobCounter idleHandovers;
    private transient JobCounter overflowContributions;
    private transient JobCounter windowOverflows;

    public PartitionWindowsFunction(JobParams params) {
        this.params = params;
    }

    @Override
    public void open(OpenContext openContext) {
        types = params.aggregateTypes();
        contributions = new RecordContributions(params.windowSize(), types);
        keyGuards = new HashMap<>();
        inventory = new InventoryHolder(params.topologyNodes());
        inventoryRestored = false;
        SchemaRegistryClient registry = params.registryClient();
        flowDecoder = FlowEventSerde.create(registry, false).deserializer();
        nodeDecoder = AvroSerde.specific(Node.class, registry).deserializer();
        maxEventTime = getRuntimeContext().getState(new ValueStateDescriptor<>("max-event-time", Types.LONG));
        closedUpTo = getRuntimeContext().getState(new ValueStateDescriptor<>("closed-up-to", Types.LONG));
        openWindows = getRuntimeContext().getMapState(new MapStateDescriptor<>("open-windows",
                StringSerializer.INSTANCE, OpenAggregateSerializer.INSTANCE));
        MapState<String, byte[]> pendingSyns = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("pending-syns", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        handshakes = new TcpHandshakeMatcher(new MapStateKeyValueState<>(pendingSyns, PendingSyn.CODEC),
                params.handshakeTimeout());
        lastRecordWallClock = new HashMap<>();
        idleCheckAt = new HashMap<>();
        inputRecords = JobCounter.of(getRuntimeContext(), JobCounter.INPUT_RECORDS);
        lateRecords = JobCounter.of(getRuntimeContext(), JobCounter.LATE_RECORDS);
        lateSamples = JobCounter.of(getRuntimeContext(), JobCounter.LATE_SAMPLES);
        endMarkers = JobCounter.of(getRuntimeContext(), JobCounter.END_MARKERS);
        deadLetters = JobCounter.of(getRuntimeContext(), JobCounter.DEAD_LETTERS);
        partialsEmitted = JobCounter.of(getRuntimeContext(), JobCounter.PARTIALS_EMITTED);
        idleHandovers = JobCounter.of(getRuntimeContext(), JobCounter.IDLE_HANDOVERS);
        overflowContributions = JobCounter.of(getRuntimeContext(), JobCounter.OVERFLOW_CONTRIBUTIONS);
        windowOverflows = JobCounter.of(getRuntimeContext(), JobCounter.WINDOW_OVERFLOWS);
    }

    @Override
    public void processElement(FlowsRecord record, ReadOnlyContext ctx, Collector<WindowPart> out) throws Exception {
        int partition = ctx.getCurrentKey();
        noteActivity(partition, ctx);
        restoreInventory(ctx.getBroadcastState(NODES));
        if (record.isEndMarker()) {
            endMarkers.increment();
            closeWindowsUpTo(partition, Long.MAX_VALUE, out);
            return;
        }
        if (record.isInvalid()) {
            deadLetter(ctx, record, record.error, null);
            return;
        }
        SpecificRecord value;
        try {
            value = flowDecoder.deserialize(params.flowsTopic(), record.value);
        } catch (org.apache.kafka.common.errors.SerializationException e) {
            deadLetter(ctx, record, "cannot deserialize the value: " + e.getMessage(), e);
            return;
        }
        if (value == null) {
            deadLetter(ctx, record, "flows record with key '" + record.key + "' has no value", null);
            return;
        }
        inputRecords.increment();
        Instant time = eventTime(value);
        if (isLate(time)) {
            lateRecords.increment();
            return;
        }
        List<Contribution<?>> added = new ArrayList<>();
        try {
            if (value instanceof Flow flow) {
                EndpointNamer names = namer();
                added.addAll(contributions.of(flow, names));
                handshakes.onFlow(flow, names).ifPresent(sample -> added.addAll(contributions.of(sample)));
            } else {
                added.addAll(contributions.of((LostEvents) value));
            }
        } catch (RuntimeException e) {
            deadLetter(ctx, record, "cannot process the record: " + e.getMessage(), e);
            return;
        }
        WindowKeyGuard keyGuard = keyGuard(partition);
        for (Contribution<?> contribution : added) {
            add(contribution, keyGuard);
        }
        advanceTo(time.toEpochMilli(), ctx, out);
    }

    @Override
    public void processBroadcastElement(NodeUpdate update, Context ctx, Collector<WindowPart> out) throws Exception {
        BroadcastState<String, byte[]> nodes = ctx.getBroadcastState(NODES);
        restoreInventory(nodes);
        if (update.name == null) {
            LOG.warn("node inventory record without a key (the key must be the node name); ignored");
            return;
        }
        if (update.value == null) {
            nodes.remove(update.name);
            inventory.remove(update.name);
            return;
        }
        Node node = decodeNode(update.name, update.value);
        if (node == null) {
            return;
        }
        nodes.put(update.name, update.value);
        inventory.put(node);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowPart> out) throws Exception {
        int partition = ctx.getCurrentKey();
        long idleMillis = params.idleTimeoutMillis();
        if (idleMillis <= 0) {
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        Long last = lastRecordWallClock.get(partition);
        if (last == null) {
            // restored from a checkpoint: count the restart as activity
            lastRecordWallClock.put(partition, now);
            scheduleIdleCheck(partition, now + idleMillis, ctx.timerService());
            return;
        }
        if (now - last < idleMillis) {
            scheduleIdleCheck(partition, last + idleMillis, ctx.timerService());
            return;
        }
        idleCheckAt.remove(partition);
        if (valueOr(closedUpTo.value(), Long.MIN_VALUE) != Long.MAX_VALUE && openWindows.keys().iterator().hasNext()) {
            idleHandovers.increment();
            emitPartials(partition, Long.MAX_VALUE, out);
        }
    }

    private void noteActivity(int partition, ReadOnlyContext ctx) {
        long idleMillis = params.idleTimeoutMillis();
        if (idleMillis <= 0) {
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        lastRecordWallClock.put(partition, now);
        if (!idleCheckAt.containsKey(partition)) {
            scheduleIdleCheck(partition, now + idleMillis, ctx.timerService());
        }
    }

    private void scheduleIdleCheck(int partition, long at, TimerService timers) {
        idleCheckAt.put(partition, at);
        timers.registerProcessingTimeTimer(at);
    }

    private static Instant eventTime(SpecificRecord value) {
        if (value instanceof Flow flow) {
            return flow.getTime();
        }
        if (value instanceof LostEvents lost) {
            return lost.getTime();
        }
        throw new IllegalArgumentException("unexpected value type on the flows topic: " + value.getClass().getName());
    }

    private boolean isLate(Instant time) throws Exception {
        return contributions.windowOf(time).end().toEpochMilli() <= valueOr(closedUpTo.value(), Long.MIN_VALUE);
    }

    private void add(Contribution<?> contribution, WindowKeyGuard keyGuard) throws Exception {
        if (contribution.window().end().toEpochMilli() <= valueOr(closedUpTo.value(), Long.MIN_VALUE)) {
            lateSamples.increment();
            return;
        }
        String key = contribution.windowedKey().asString();
        OpenAggregate current = openWindows.get(key);
        if (current == null) {
            Contribution<?> admitted = keyGuard.admitNew(contribution);
            if (admitted != contribution) {
                contribution = admitted;
                key = contribution.windowedKey().asString();
                current = openWindows.get(key);
            }
        }
        OpenAggregate added = new OpenAggregate(contribution.type().tag(), contribution.aggregate());
        openWindows.put(key, current == null ? added : current.merge(added));
    }

    /** The key limit of a partition (the current key), counting the open windows it has in state. */
    private WindowKeyGuard keyGuard(int partition) throws Exception {
        WindowKeyGuard guard = keyGuards.get(partition);
        if (guard == null) {
            guard = new WindowKeyGuard(params.maxKeysPerWindow(), types, partition, (type, first) -> {
                overflowContributions.increment();
                if (first) {
                    windowOverflows.increment();
                }
            });
            for (String key : openWindows.keys()) {
                guard.restored(key);
            }
            keyGuards.put(partition, guard);
        }
        return guard;
    }

    private void advanceTo(long eventTime, ReadOnlyContext ctx, Collector<WindowPart> out) throws Exception {
        long max = valueOr(maxEventTime.value(), Long.MIN_VALUE);
        if (eventTime <= max) {
            return;
        }
        int partition = ctx.getCurrentKey();
        long window = params.windowMillis();
        long newWindow = Math.floorDiv(eventTime, window);
        if (max == Long.MIN_VALUE || newWindow > Math.floorDiv(max, window)) {
            ctx.output(WINDOWS_SEEN, WindowPart.windowSeen(newWindow * window));
        }
        maxEventTime.update(eventTime);
        long closable = Math.floorDiv(eventTime - params.graceMillis(), window) * window;
        if (closable > valueOr(closedUpTo.value(), Long.MIN_VALUE)) {
            closeWindowsUpTo(partition, closable, out);
        }
    }

    /** Emits and forgets every window ending at or before {@code bound}, then expires unanswered SYNs. */
    private void closeWindowsUpTo(int partition, long bound, Collector<WindowPart> out) throws Exception {
        emitPartials(partition, bound, out);
        long max = valueOr(maxEventTime.value(), Long.MIN_VALUE);
        if (max != Long.MIN_VALUE) {
            handshakes.expireBefore(EpochMicros.of(Instant.ofEpochMilli(max)));
        }
        closedUpTo.update(Math.max(valueOr(closedUpTo.value(), Long.MIN_VALUE), bound));
    }

    /** Sends the partial aggregates of the open windows ending at or before {@code bound} and forgets them. */
    private void emitPartials(int partition, long bound, Collector<WindowPart> out) throws Exception {
        long window = params.windowMillis();
        String upper = bound == Long.MAX_VALUE ? WindowedKey.upperBoundForStartsUpTo(Long.MAX_VALUE)
                : WindowedKey.upperBoundForStartsUpTo(bound - window);
        List<String> closed = new ArrayList<>();
        for (Map.Entry<String, OpenAggregate> entry : openWindows.entries()) {
            if (entry.getKey().compareTo(upper) > 0) {
                continue;
            }
            WindowedKey key = WindowedKey.parse(entry.getKey());
            out.collect(new WindowPart(key.tag(), key.outputKey(), key.windowStartMillis(), entry.getValue().encode()));
            partialsEmitted.increment();
            closed.add(entry.getKey());
        }
        for (String key : closed) {
            openWindows.remove(key);
        }
        keyGuard(partition).forgetUpTo(bound == Long.MAX_VALUE ? Long.MAX_VALUE : bound - window);
    }

    private EndpointNamer namer() {
        if (namer == null || namer.inventory() != inventory.current()) {
            namer = new EndpointNamer(inventory.current());
        }
        return namer;
    }

    /** After a restart, the broadcast inventory is in state before any update arrives again. */
    private void restoreInventory(ReadOnlyBroadcastState<String, byte[]> nodes) throws Exception {
        if (inventoryRestored) {
            return;
        }
        inventoryRestored = true;
        for (Map.Entry<String, byte[]> entry : nodes.immutableEntries()) {
            Node node = decodeNode(entry.getKey(), entry.getValue());
            if (node != null) {
                inventory.put(node);
            }
        }
    }

    private Node decodeNode(String name, byte[] value) {
        try {
            Node node = nodeDecoder.deserialize("node inventory", value);
            if (!name.equals(node.getName())) {
                LOG.warn("node inventory record key '{}' differs from the node name '{}'; ignored", name, node.getName());
                return null;
            }
            inventory.current().withNode(node); // validates (CIDRs, addresses) without changing anything
            return node;
        } catch (RuntimeException e) {
            LOG.warn("invalid node inventory record '{}' ignored: {}", name, e.toString());
            return null;
        }
    }

    private void deadLetter(ReadOnlyContext ctx, FlowsRecord record, String reason, Exception e) {
        deadLetters.increment();
        ctx.output(DEAD_LETTERS, new DeadLetter(params.flowsTopic(), record.partition, record.offset, record.key,
                record.value, reason, e == null ? null : e.getClass().getName()));
    }

    private static long valueOr(Long value, long fallback) {
        return value == null ? fallback : value;
    }
}
