package io.flowpulse.flink.testing;

import io.flowpulse.replay.Replay;
import io.flowpulse.replay.ReplayResult;
import io.flowpulse.replay.ReplaySettings;
import io.flowpulse.replay.report.ReportJsonWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The replay module's Kafka Streams replay, for a child JVM ({@link StreamsProcess}):
 * {@code REPORT BOOTSTRAP REGISTRY RUN_ID PARTITIONS THREADS TOPOLOGY|- INPUT...}. Writes the report's
 * JSON to REPORT and the replay's wall-clock seconds to REPORT.seconds; exits with 3 when the replay
 * was not complete.
 */
public final class StreamsReplayMain {

    private StreamsReplayMain() {
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args[0]);
        String topology = args[6];
        List<Path> inputs = new ArrayList<>();
        for (int i = 7; i < args.length; i++) {
            inputs.add(Path.of(args[i]));
        }
        ReplaySettings defaults = ReplaySettings.of(inputs, null, args[1], args[2], args[3]);
        ReplaySettings settings = new ReplaySettings(inputs, topology.equals("-") ? null : Path.of(topology), args[1],
                args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]), defaults.windowSize(),
                defaults.grace(), Duration.ofMinutes(5), false, new Properties());
        ReplayResult result;
        try (Replay replay = new Replay(settings, System.err)) {
            result = replay.run();
        }
        Files.writeString(report, new ReportJsonWriter().toJson(result.report()));
        Files.writeString(Path.of(args[0] + ".seconds"), Double.toString(result.seconds()));
        System.exit(result.complete() ? 0 : 3);
    }
}
