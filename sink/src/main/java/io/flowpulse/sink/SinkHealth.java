package io.flowpulse.sink;

import io.flowpulse.runtime.HealthCheck;
import io.flowpulse.sink.schema.ServerVersion;

/**
 * The sink's readiness: up once the schema is migrated and while inserts succeed. Written by
 * the sink's thread, read by whoever serves {@code /health/ready}.
 */
final class SinkHealth implements HealthCheck {

    private final String database;
    private volatile ServerVersion server;
    private volatile boolean paused;
    private volatile String lastError = "";

    SinkHealth(String database) {
        this.database = database;
    }

    void migrated(ServerVersion server) {
        this.server = server;
    }

    void paused(boolean paused) {
        this.paused = paused;
    }

    void lastError(String error) {
        this.lastError = error;
    }

    boolean migrated() {
        return server != null;
    }

    /** The server seen by the migration; null before it. */
    ServerVersion server() {
        return server;
    }

    @Override
    public Status check() {
        if (server == null) {
            return Status.down("schema not migrated yet" + (lastError.isEmpty() ? "" : ": " + lastError));
        }
        if (paused) {
            return Status.down("consumption paused: " + lastError);
        }
        return Status.up("ClickHouse " + server + ", database " + database);
    }
}
