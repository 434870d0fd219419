package io.flowpulse.ingest.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads Hubble captures: {@code hubble observe -o json|jsonpb} output and Cilium flow-exporter
 * files, one JSON event per line (GetFlowsResponse or ExportEvent shape), plain or gzip.
 * Inputs may be files or directories of rotated exporter files (see {@link CaptureFiles}).
 *
 * <p>Two ways to drive it: pull items with {@link #open} (a {@link CaptureCursor}), or have
 * them pushed to a {@link CaptureVisitor} with {@link #read}. Blank lines are skipped; every
 * other line becomes an event or an invalid line with its reason; a file that breaks off is
 * reported and reading goes on with the next one. Memory stays constant whatever the size.
 */
public final class CaptureReader {

    public static final int DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

    private final int maxLineBytes;

    public CaptureReader() {
        this(DEFAULT_MAX_LINE_BYTES);
    }

    /** @param maxLineBytes longer lines are reported invalid (only their start is kept) */
    public CaptureReader(int maxLineBytes) {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive, got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    public int maxLineBytes() {
        return maxLineBytes;
    }

    /**
     * A cursor over the files and directories named, resolved by {@link CaptureFiles#resolve}.
     *
     * @throws java.nio.file.NoSuchFileException when a named path does not exist
     */
    public CaptureCursor open(List<Path> inputs) throws IOException {
        return new CaptureCursor(CaptureFiles.resolve(inputs), maxLineBytes);
    }

    /**
     * Reads everything named, pushing each item to the visitor.
     *
     * @return counts over all files and per file
     * @throws java.nio.file.NoSuchFileException when a named path does not exist
     */
    public Summary read(List<Path> inputs, CaptureVisitor visitor) throws IOException, InterruptedException {
        CaptureCursor.FileListener listener = new CaptureCursor.FileListener() {
            @Override
            public void fileStarted(Path file) {
                visitor.fileStarted(file);
            }

            @Override
            public void fileFinished(Path file, CaptureCounters counters) {
                visitor.fileFinished(file, counters);
            }
        };
        try (CaptureCursor cursor = new CaptureCursor(CaptureFiles.resolve(inputs), maxLineBytes, listener)) {
            while (cursor.hasNext()) {
                CaptureItem item = cursor.next();
                if (item instanceof CaptureItem.Event event) {
                    visitor.event(event);
                } else if (item instanceof CaptureItem.Invalid invalid) {
                    visitor.invalid(invalid);
                } else {
                    visitor.unreadable((CaptureItem.Unreadable) item);
                }
            }
            return new Summary(cursor.totals(), cursor.perFile());
        }
    }

    /** Counts over all files and per file, in reading order. */
    public record Summary(CaptureCounters totals, Map<Path, CaptureCounters> perFile) {
    }
}
