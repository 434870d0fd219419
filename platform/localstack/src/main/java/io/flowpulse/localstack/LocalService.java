package io.flowpulse.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/** A real service run as a child process on 127.0.0.1. */
public interface LocalService {

    /** Short name used for log files and messages: kafka, registry, clickhouse. */
    String name();

    /**
     * The address clients use: bootstrap servers for Kafka, the Confluent-compatible base URL for the registry,
     * the HTTP URL for ClickHouse. Starts the service if it never ran.
     */
    String endpoint();

    /** Starts the service if it is not running and waits until it answers its health check. */
    void start();

    /** Stops the service and its descendants; ports and data stay for a later {@link #start()}. */
    void stop();

    boolean isRunning();

    /** Where the service's output goes. */
    Path logFile();

    /** The process id of the running service's launcher, empty when stopped. */
    OptionalLong pid();

    /** How long the last start took until the health check answered, zero before the first start. */
    Duration lastStartupTime();
}
