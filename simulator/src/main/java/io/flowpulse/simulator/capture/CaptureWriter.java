package io.flowpulse.simulator.capture;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.schemas.hubble.HubbleJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/** Writes events as Hubble JSON lines ({@code hubble observe -o json}), gzip-compressed when the file name ends in .gz. */
public final class CaptureWriter implements Consumer<List<GetFlowsResponse>>, AutoCloseable {

    private final Path file;
    private final BufferedWriter writer;
    private long lines;

    public CaptureWriter(Path file) {
        this.file = file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            OutputStream out = Files.newOutputStream(file);
            if (file.getFileName().toString().endsWith(".gz")) {
                out = new GZIPOutputStream(out, 1 << 16);
            }
            this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create capture file " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized void write(GetFlowsResponse event) {
        try {
            writer.write(HubbleJson.print(event));
            writer.write('\n');
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to capture file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a batch in order; printing JSON is the costly part, so large batches are printed on all cores. */
    @Override
    public void accept(List<GetFlowsResponse> events) {
        List<String> printed = events.size() < 64
                ? events.stream().map(HubbleJson::print).toList()
                : events.parallelStream().map(HubbleJson::print).toList();
        synchronized (this) {
            try {
                for (String line : printed) {
                    writer.write(line);
                    writer.write('\n');
                }
                lines += printed.size();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to capture file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    public synchronized long lines() {
        return lines;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish capture file " + file + ": " + e.getMessage(), e);
        }
    }
}
