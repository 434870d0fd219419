package io.flowpulse.console.http;

import io.flowpulse.console.history.ConsoleEvent;
import io.flowpulse.console.history.EventHub;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the {@code text/event-stream} format: {@code id:}, {@code event:} and one {@code data:}
 * line per event (the console's JSON has no line breaks), a blank line after each; comments for
 * heartbeats. The snapshot is streamed piece by piece from the copied history, never built as one
 * string.
 */
public final class SseWriter {

    private final OutputStream out;

    public SseWriter(OutputStream out) {
        this.out = out;
    }

    public void retry(long millis) throws IOException {
        write("retry: " + millis + "\n\n");
    }

    public void event(ConsoleEvent event) throws IOException {
        write("id: " + event.id() + "\nevent: " + event.type() + "\ndata: ");
        write(event.json());
        write("\n\n");
    }

    public void comment(String text) throws IOException {
        write(": " + text.replace('\n', ' ') + "\n\n");
    }

    /** The {@code snapshot} event; its id is the last id it holds, so a reconnect resumes after it. */
    public void snapshot(EventHub.Snapshot snapshot, String meta) throws IOException {
        write("id: " + snapshot.lastId() + "\nevent: snapshot\ndata: ");
        writeSnapshotJson(snapshot, meta, out);
        write("\n\n");
    }

    /**
     * {@code {"last_id": n, "meta": {...}, "nodes": [...], "events": [{"id", "type", "data"}, ...]}}.
     */
    public static void writeSnapshotJson(EventHub.Snapshot snapshot, String meta, OutputStream out) throws IOException {
        write(out, "{\"last_id\":" + snapshot.lastId() + ",\"meta\":" + meta + ",\"nodes\":[");
        boolean first = true;
        for (String node : snapshot.nodes()) {
            write(out, first ? node : "," + node);
            first = false;
        }
        write(out, "],\"events\":[");
        first = true;
        for (ConsoleEvent e : snapshot.events()) {
            write(out, (first ? "" : ",") + "{\"id\":" + e.id() + ",\"type\":\"" + e.type() + "\",\"data\":");
            write(out, e.json());
            write(out, "}");
            first = false;
        }
        write(out, "]}");
    }

    public void flush() throws IOException {
        out.flush();
    }

    private void write(String s) throws IOException {
        write(out, s);
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }
}
