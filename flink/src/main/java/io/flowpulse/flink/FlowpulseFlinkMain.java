package io.flowpulse.flink;

import io.flowpulse.runtime.Config;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job's main class for {@code flink run} (and for the Flink Kubernetes operator):
 * <pre>
 * flink run -c io.flowpulse.flink.FlowpulseFlinkMain flowpulse-flink-VERSION-job.jar \
 *     [--config flowpulse.yaml] [--set key=value ...]
 * </pre>
 * Settings: {@link FlinkSettings#DEFAULTS}, then the file, then {@code FLOWPULSE_*} environment
 * variables, then {@code --set} pairs. The job sets its checkpoint interval and mode and the hashmap
 * state backend; the checkpoint directory only when {@code flink.checkpoint.dir} is set (else the
 * cluster's applies). On a cluster, restore with {@code flink run -s <savepoint or checkpoint>}.
 */
public final class FlowpulseFlinkMain {

    private FlowpulseFlinkMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (arg.equals("--set") && i + 1 < args.length) {
                String pair = args[++i];
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--set expects key=value, got '" + pair + "'");
                }
                overrides.put(pair.substring(0, eq), pair.substring(eq + 1));
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg
                        + "'; usage: [--config FILE] [--set key=value ...]");
            }
        }
        FlinkSettings settings = FlinkSettings.from(Config.load(FlinkSettings.DEFAULTS, file, overrides));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(FlinkEngine.jobConfiguration(settings));
        env.setParallelism(settings.parallelism());
        FlowpulseFlinkJob.build(env, KafkaConnectors.sources(settings), KafkaConnectors.sinks(settings),
                settings.jobParams());
        env.execute(FlinkEngine.JOB_NAME);
    }
}
