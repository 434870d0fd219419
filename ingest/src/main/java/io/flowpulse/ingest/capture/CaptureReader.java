package io.flowpulse.ingest.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads Hubble captures: {@code hubble observe -o json|jsonpb} output and Cilium flow-exporter
 * files, one JSON event per line (GetFlowsResponse or ExportEvent shape), plain or gzip.
 * Inputs may be files, directories of rotated exporter files (see {@link CaptureFiles}), or a
 * stream such as standard input.
 *
 * <p>Two ways to drive it: pull items with {@link #open} (a {@link CaptureCursor}), or have
 * them pushed to a {@link CaptureVisitor} with {@link #read}. Blank lines are skipped; every
 * other line becomes an event or an invalid line with its reason; a file that breaks off is
 * reported and reading goes on with the next one. Memory stays constant whatever the size.
 */
public final class CaptureReader {

    public static final int DEFAULT_MAX_LINE_BYTES = CaptureLimits.DEFAULT_MAX_LINE_BYTES;

    private final CaptureLimits limits;

    public CaptureReader() {
        this(CaptureLimits.DEFAULTS);
    }

    /** @param maxLineBytes longer lines are reported invalid (only their start is kept) */
    public CaptureReader(int maxLineBytes) {
        this(CaptureLimits.DEFAULTS.withMaxLineBytes(maxLineBytes));
    }

    public CaptureReader(CaptureLimits limits) {
        this.limits = limits;
    }

    public int maxLineBytes() {
        return limits.maxLineBytes();
    }

    public CaptureLimits limits() {
        return limits;
    }

    /**
     * A cursor over the files and directories named, resolved by {@link CaptureFiles#resolve}.
     *
     * @throws java.nio.file.NoSuchFileException when a named path does not exist
     */
    public CaptureCursor open(List<Path> inputs) throws IOException {
        return new CaptureCursor(sources(inputs), limits);
    }

    /**
     * A cursor over one stream, e.g. {@code hubble observe -o jsonpb -f} piped to standard input;
     * gzip is recognised as in files. The stream is closed once read to its end, or when the cursor
     * is closed while reading it.
     *
     * @param name what the items report as their file, e.g. {@code Path.of("-")}
     */
    public CaptureCursor open(InputStream stream, Path name) {
        CaptureCursor.Source source = new CaptureCursor.Source() {
            @Override
            public Path name() {
                return name;
            }

            @Override
            public InputStream open() throws IOException {
                return CaptureInput.decompressing(stream, limits);
            }
        };
        return new CaptureCursor(List.of(source), limits);
    }

    /**
     * The same items as {@link #open(List)}, in the same order, parsed on {@code workers} threads and
     * mapped there by a mapper per thread ({@link ParallelCaptureReader}).
     *
     * @throws java.nio.file.NoSuchFileException when a named path does not exist
     */
    public <T> ParallelCaptureReader<T> openParallel(List<Path> inputs, int workers,
                                                     java.util.function.Supplier<java.util.function.Function<CaptureItem, T>> mappers)
            throws IOException {
        return new ParallelCaptureReader<>(CaptureFiles.resolve(inputs), limits, workers, mappers);
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
        try (CaptureCursor cursor = new CaptureCursor(sources(inputs), limits, listener)) {
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

    private List<CaptureCursor.Source> sources(List<Path> inputs) throws IOException {
        return CaptureFiles.resolve(inputs).stream().map(path -> CaptureCursor.Source.file(path, limits)).toList();
    }

    /** Counts over all files and per file, in reading order. */
    public record Summary(CaptureCounters totals, Map<Path, CaptureCounters> perFile) {
    }
}
