package io.flowpulse.streams.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The analytics of {@link FlowpulseTopology}, run by direct calls on the caller's thread: the same
 * stage-1 and stage-2 processors, one per task as Kafka Streams would run them ({@code flowsPartitions}
 * stage-1 tasks, {@code partialsPartitions} stage-2 tasks), with in-memory stores, records routed between
 * them as the topics would route them (flows by their key as Kafka's producer partitions, partials by
 * {@link PartialsPartitioner}), and objects handed over instead of serialized records. A replay uses it
 * to analyse a capture without a broker round trip; the results are the topology's because the code is.
 *
 * <p>Not thread-safe: one thread feeds it.
 */
public final class InProcessTopology {

    /** Where the final records go: link, DNS and latency windows and alerts, keyed as on their topics. */
    @FunctionalInterface
    public interface Output {
        void accept(String key, SpecificRecord value);
    }

    private static final int STAGE1 = 0;
    private static final int STAGE2 = 1;
    /** Keys are observing nodes, a few per cluster; a capture with more simply starts the cache afresh. */
    private static final int MAX_CACHED_KEYS = 10_000;

    private final List<StageOne> stageOne = new ArrayList<>();
    private final List<StageTwo> stageTwo = new ArrayList<>();
    private final PartialsPartitioner partialsPartitioner = new PartialsPartitioner();
    private final PipelineMetrics metrics;
    /** The stage-1 partition of each key seen: the producer's hash of the key costs more than the lookup. */
    private final Map<String, Integer> partitionByKey = new HashMap<>();

    public InProcessTopology(TopologySettings settings, PipelineMetrics metrics, Output output) {
        this.metrics = metrics;
        InventoryHolder inventory = new InventoryHolder(settings.topologyNodes());
        AggregateTypes types = new AggregateTypes(settings.suspiciousNames());
        ClosedWindowListener.Factory alerts = AlertListener.factory(settings.alertThresholds(), settings.windowSize(),
                metrics);
        for (int p = 0; p < settings.partialsPartitions(); p++) {
            FinalWindowsProcessor processor = new FinalWindowsProcessor(settings, types, metrics, alerts,
                    FlowpulseTopology.STAGE2_WINDOWS_STORE, FlowpulseTopology.STAGE2_PROGRESS_STORE);
            DirectProcessorContext<String, SpecificRecord> context = new DirectProcessorContext<>(
                    new TaskId(STAGE2, p), stores(FlowpulseTopology.STAGE2_WINDOWS_STORE,
                    FlowpulseTopology.STAGE2_PROGRESS_STORE, AlertListener.FIRING_STORE,
                    AlertListener.DNS_HISTORY_STORE, AlertListener.PROGRESS_STORE),
                    record -> output.accept(record.key(), record.value()));
            processor.init(context);
            stageTwo.add(new StageTwo(processor, context));
        }
        for (int p = 0; p < settings.flowsPartitions(); p++) {
            PartialWindowsProcessor processor = new PartialWindowsProcessor(settings, types, inventory, metrics,
                    FlowpulseTopology.STAGE1_WINDOWS_STORE, FlowpulseTopology.STAGE1_PROGRESS_STORE,
                    FlowpulseTopology.STAGE1_HANDSHAKES_STORE);
            DirectProcessorContext<String, byte[]> context = new DirectProcessorContext<>(new TaskId(STAGE1, p),
                    stores(FlowpulseTopology.STAGE1_WINDOWS_STORE, FlowpulseTopology.STAGE1_PROGRESS_STORE,
                            FlowpulseTopology.STAGE1_HANDSHAKES_STORE),
                    this::toStageTwo);
            processor.init(context);
            stageOne.add(new StageOne(processor, context));
        }
    }

    /**
     * One record of the flows topic: a Flow or LostEvents keyed by its observing node, to the stage-1 task
     * of the partition Kafka's producer would choose for that key.
     */
    public void process(String key, SpecificRecord value, long timestampMillis) {
        Integer partition = partitionByKey.get(key);
        if (partition == null) {
            if (partitionByKey.size() >= MAX_CACHED_KEYS) {
                partitionByKey.clear();
            }
            partition = PartialsPartitioner.partitionOf(key, stageOne.size());
            partitionByKey.put(key, partition);
        }
        stageOne.get(partition).processor().process(new Record<>(key, value, timestampMillis));
    }

    /** The end of the input: an {@link EndOfStream} marker to every stage-1 task, which closes every window. */
    public void endOfStream(long timestampMillis) {
        for (StageOne task : stageOne) {
            task.processor().process(new Record<>(EndOfStream.KEY, null, timestampMillis));
        }
    }

    /** Fires the wall-clock punctuations that are due (watermark repeats, idle partitions), as a stream thread does. */
    public void punctuate(long wallClockMillis) {
        for (StageOne task : stageOne) {
            task.context().punctuateDue(wallClockMillis);
        }
        for (StageTwo task : stageTwo) {
            task.context().punctuateDue(wallClockMillis);
        }
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    private void toStageTwo(Record<String, byte[]> partial) {
        Set<Integer> partitions = partialsPartitioner.partitions(null, partial.key(), partial.value(), stageTwo.size())
                .orElseThrow();
        for (int partition : partitions) {
            stageTwo.get(partition).processor().process(partial);
        }
    }

    private static Map<String, StateStore> stores(String... names) {
        Map<String, StateStore> stores = new HashMap<>();
        for (String name : names) {
            stores.put(name, new MemoryKeyValueStore<String, Object>(name));
        }
        return stores;
    }

    private record StageOne(PartialWindowsProcessor processor, DirectProcessorContext<String, byte[]> context) {
    }

    private record StageTwo(FinalWindowsProcessor processor, DirectProcessorContext<String, SpecificRecord> context) {
    }
}
