package io.flowpulse.flink;

import io.flowpulse.flink.kafka.FlowsWatermarks;
import io.flowpulse.flink.model.AlertChange;
import io.flowpulse.flink.model.FlowsRecord;
import io.flowpulse.flink.model.NodeUpdate;
import io.flowpulse.flink.model.WindowPart;
import io.flowpulse.flink.operators.AlertsFunction;
import io.flowpulse.flink.operators.FinalWindowsFunction;
import io.flowpulse.flink.operators.PartitionWindowsFunction;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Builds (and only builds) the analytics as a Flink DataStream job; sources and sinks come from the
 * caller, so that tests run it on other inputs and outputs than Kafka.
 * <pre>
 * flows (watermarks per partition: largest event time - grace, idle partitions do not hold them back)
 *   --keyBy(partition)--> stage 1: partial windows per partition, handshake pairing per (node, 5-tuple),
 *                         lateness judged per partition          (+ node inventory, broadcast)
 *   --keyBy(type|key)---> stage 2: merge partials, close on the watermark --> results sink
 *   --keyBy(constant)---> alerts: evaluate closed windows in window order  --> alerts sink
 * </pre>
 * Every operator has a stable uid, so that savepoints survive changes of the job that keep them.
 */
public final class FlowpulseFlinkJob {

    public static final String FLOWS_SOURCE = "flows-source";
    public static final String NODES_SOURCE = "nodes-source";
    public static final String STAGE1 = "stage1-partition-windows";
    public static final String STAGE2 = "stage2-final-windows";
    public static final String ALERTS = "alerts";
    public static final String RESULTS_SINK = "results-sink";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";

    private FlowpulseFlinkJob() {
    }

    /** The streams of the built job, for callers that want to attach more (tests, metrics). */
    public record Streams(DataStream<WindowPart> finals, DataStream<AlertChange> alerts) {
    }

    public static Streams build(StreamExecutionEnvironment env, FlinkSources sources, FlinkSinks sinks,
                                JobParams params) {
        DataStream<FlowsRecord> flows = env
                .fromSource(sources.flows(),
                        FlowsWatermarks.strategy(params.graceMillis(), sourceIdleness(params)), FLOWS_SOURCE)
                .uid(FLOWS_SOURCE);

        BroadcastStream<NodeUpdate> nodes = nodes(env, sources).broadcast(PartitionWindowsFunction.NODES);

        SingleOutputStreamOperator<WindowPart> partials = flows
                .keyBy(record -> record.partition, Types.INT)
                .connect(nodes)
                .process(new PartitionWindowsFunction(params), Types.POJO(WindowPart.class))
                .name(STAGE1).uid(STAGE1);

        SingleOutputStreamOperator<WindowPart> finals = partials
                .keyBy(WindowPart::aggregateKey, Types.STRING)
                .process(new FinalWindowsFunction(params), Types.POJO(WindowPart.class))
                .name(STAGE2).uid(STAGE2);
        finals.sinkTo(sinks.results()).name(RESULTS_SINK).uid(RESULTS_SINK);

        SingleOutputStreamOperator<AlertChange> alerts = finals
                .union(partials.getSideOutput(PartitionWindowsFunction.WINDOWS_SEEN))
                .keyBy(part -> AlertsFunction.KEY, Types.BYTE)
                .process(new AlertsFunction(params), Types.POJO(AlertChange.class))
                .setParallelism(1).setMaxParallelism(1)
                .name(ALERTS).uid(ALERTS);
        alerts.sinkTo(sinks.alerts()).setParallelism(1).name(ALERTS_SINK).uid(ALERTS_SINK);

        if (sinks.deadLetters() != null) {
            partials.getSideOutput(PartitionWindowsFunction.DEAD_LETTERS)
                    .sinkTo(sinks.deadLetters()).name(DEAD_LETTER_SINK).uid(DEAD_LETTER_SINK);
        }
        return new Streams(finals, alerts);
    }

    /**
     * The source marks a partition idle a little later than stage 1 hands over the partition's open
     * windows, so that the watermark does not move past windows that still wait for that handover.
     */
    static Duration sourceIdleness(JobParams params) {
        long idle = params.idleTimeoutMillis();
        return idle <= 0 ? Duration.ZERO : Duration.ofMillis(idle + Math.max(1_000, idle / 5));
    }

    private static DataStream<NodeUpdate> nodes(StreamExecutionEnvironment env, FlinkSources sources) {
        if (sources.nodes() == null) {
            return env.fromData(List.of(), Types.POJO(NodeUpdate.class)).name("no-nodes").uid("no-nodes");
        }
        // the inventory carries no event time: its watermark never holds stage 1 back
        WatermarkStrategy<NodeUpdate> noEventTime = WatermarkStrategy.forGenerator(context -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(NodeUpdate event, long eventTimestamp, WatermarkOutput output) {
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(Watermark.MAX_WATERMARK);
            }
        });
        return env.fromSource(sources.nodes(), noEventTime, NODES_SOURCE).uid(NODES_SOURCE);
    }
}
