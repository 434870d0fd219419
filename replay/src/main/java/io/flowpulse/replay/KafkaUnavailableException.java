package io.flowpulse.replay;

/** Kafka did not answer the replay in time: the cluster is down or unreachable. */
public final class KafkaUnavailableException extends ReplayException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
