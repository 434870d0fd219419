package io.flowpulse.flink;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

/**
 * The analytics job running on a local mini-cluster in this JVM ({@link FlinkEngine#startLocal}). The
 * mini-cluster goes away with the job. Closing a job that still runs cancels it.
 */
public final class LocalFlinkJob implements AutoCloseable {

    private final JobClient client;
    private final long startedNanos = System.nanoTime();

    LocalFlinkJob(JobClient client) {
        this.client = client;
    }

    public JobID jobId() {
        return client.getJobID();
    }

    public JobStatus status() throws Exception {
        return client.getJobStatus().get(30, TimeUnit.SECONDS);
    }

    /** Waits until the job ends: a bounded run at the end of its input, a live one when cancelled or stopped. */
    public FlinkRunResult await() throws Exception {
        return result(client.getJobExecutionResult().get());
    }

    /** As {@link #await()}, at most {@code timeout}. */
    public FlinkRunResult await(Duration timeout) throws Exception {
        try {
            return result(client.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            throw new TimeoutException("the Flink job " + jobId() + " did not finish within " + timeout);
        }
    }

    /** Cancels the job (state of the last completed checkpoint stays, when checkpoints are retained). */
    public void cancel() throws Exception {
        client.cancel().get(60, TimeUnit.SECONDS);
    }

    /** Takes a savepoint into {@code directory} and stops the job; returns the savepoint's path. */
    public String stopWithSavepoint(String directory) throws Exception {
        return client.stopWithSavepoint(false, directory, SavepointFormatType.CANONICAL).get(120, TimeUnit.SECONDS);
    }

    private FlinkRunResult result(JobExecutionResult result) {
        Map<String, Long> counters = new HashMap<>();
        result.getAllAccumulatorResults().forEach((name, value) -> {
            if (value instanceof Long count) {
                counters.put(name, count);
            }
        });
        return new FlinkRunResult(client.getJobID().toString(), counters,
                Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    @Override
    public void close() throws Exception {
        JobStatus status;
        try {
            status = status();
        } catch (Exception e) {
            return; // the mini-cluster is gone: so is the job
        }
        if (!status.isGloballyTerminalState()) {
            cancel();
        }
    }
}
