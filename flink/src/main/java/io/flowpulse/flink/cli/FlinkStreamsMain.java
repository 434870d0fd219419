package io.flowpulse.flink.cli;

import io.flowpulse.flink.FlinkEngine;
import io.flowpulse.flink.FlinkSettings;
import io.flowpulse.flink.LocalFlinkJob;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.service.ExitCodes;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code flowpulse streams --engine flink} in the child JVM on this module's class path: the job on a
 * local mini-cluster, live, until SIGTERM (what the parent sends on Ctrl-C). Then, with
 * {@code flink.checkpoint.dir} set, it stops with a savepoint there (printed, for
 * {@code --set flink.restore.from=...}); without, it cancels the job. Settings: {@code --settings FILE},
 * the streams command's resolved settings over {@link FlinkSettings#DEFAULTS}.
 */
public final class FlinkStreamsMain {

    private FlinkStreamsMain() {
    }

    public static void main(String[] args) {
        PrintStream err = System.err;
        FlinkSettings settings;
        try {
            Config config = EngineArgs.parse(args).settings(FlinkSettings.DEFAULTS);
            settings = FlinkSettings.from(config).withBounded(false);
        } catch (Exception e) {
            err.println("flowpulse streams: " + e.getMessage());
            System.exit(ExitCodes.USAGE);
            return;
        }
        LocalFlinkJob job;
        try {
            job = FlinkEngine.startLocal(settings);
        } catch (Exception e) {
            err.println("flowpulse streams: the Flink job did not start: " + e.getMessage());
            System.exit(ExitCodes.FAILURE);
            return;
        }
        var a = settings.analytics();
        err.printf("flowpulse streams: Flink job %s running: %s -> %s, %s, %s, %s%n", job.jobId(), a.flowsTopic(),
                a.linksTopic(), a.dnsTopic(), a.latencyTopic(), a.alertsTopic());
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            try {
                if (settings.checkpointDir() != null) {
                    err.println("flowpulse streams: savepoint " + job.stopWithSavepoint(settings.checkpointDir()));
                } else {
                    job.cancel();
                }
            } catch (Exception e) {
                err.println("flowpulse streams: stopping the Flink job failed: " + e.getMessage());
            }
        }, "flink-stop"));
        try {
            job.await();
        } catch (Exception e) {
            if (!stopping.get()) {
                err.println("flowpulse streams: the Flink job failed: " + e.getMessage());
                System.exit(ExitCodes.FAILURE);
            }
            return; // stopping: the JVM ends once the hook has stopped the job
        }
        if (!stopping.get()) {
            // a live job ends by itself only when it gave up
            err.println("flowpulse streams: the Flink job ended without being stopped");
            System.exit(ExitCodes.FAILURE);
        }
    }
}
