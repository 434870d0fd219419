package io.flowpulse.ingest.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Pulls the items of a list of capture files one by one, a file at a time, in constant memory.
 * Not thread-safe. Close it to release the open file when stopping early.
 */
public final class CaptureCursor implements Iterator<CaptureItem>, Closeable {

    /** Told when a file is opened and when it is done, before the next file's first item. */
    interface FileListener {
        void fileStarted(Path file);

        void fileFinished(Path file, CaptureCounters counters);
    }

    private static final FileListener NO_LISTENER = new FileListener() {
        @Override
        public void fileStarted(Path file) {
        }

        @Override
        public void fileFinished(Path file, CaptureCounters counters) {
        }
    };

    /** Something to read lines from; {@code name} is what items report as their file. */
    interface Source {
        Path name();

        InputStream open() throws IOException;

        static Source file(Path path, CaptureLimits limits) {
            return new Source() {
                @Override
                public Path name() {
                    return path;
                }

                @Override
                public InputStream open() throws IOException {
                    return CaptureInput.open(path, limits);
                }
            };
        }
    }

    private final List<Source> files;
    private final int maxLineBytes;
    private final FileListener listener;
    private final LineClassifier classifier;

    private final CaptureCounters totals = new CaptureCounters();
    private final Map<Path, CaptureCounters> perFile = new LinkedHashMap<>();

    private int nextFile;
    private Path file;
    private InputStream stream;
    private LineReader reader;
    private CaptureCounters fileCounters;
    private CaptureItem pending;

    CaptureCursor(List<Source> files, CaptureLimits limits, FileListener listener) {
        this.files = List.copyOf(files);
        this.maxLineBytes = limits.maxLineBytes();
        this.listener = listener == null ? NO_LISTENER : listener;
        this.classifier = new LineClassifier(limits);
    }

    CaptureCursor(List<Source> files, CaptureLimits limits) {
        this(files, limits, null);
    }

    @Override
    public boolean hasNext() {
        if (pending == null) {
            pending = advance();
        }
        return pending != null;
    }

    @Override
    public CaptureItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more capture lines");
        }
        CaptureItem item = pending;
        pending = null;
        return item;
    }

    /** Counts over all files so far. */
    public CaptureCounters totals() {
        return totals.copy();
    }

    /** Counts per file so far, in reading order. */
    public Map<Path, CaptureCounters> perFile() {
        Map<Path, CaptureCounters> copy = new LinkedHashMap<>();
        perFile.forEach((path, counters) -> copy.put(path, counters.copy()));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            InputStream open = stream;
            stream = null;
            reader = null;
            open.close();
        }
        nextFile = files.size();
    }

    private CaptureItem advance() {
        while (true) {
            if (reader == null) {
                if (nextFile >= files.size()) {
                    return null;
                }
                CaptureItem.Unreadable failedToOpen = openNextFile();
                if (failedToOpen != null) {
                    count(failedToOpen);
                    listener.fileFinished(file, fileCounters.copy());
                    return failedToOpen;
                }
                continue;
            }
            try {
                if (!reader.next()) {
                    finishFile();
                    continue;
                }
            } catch (IOException e) {
                CaptureItem.Unreadable unreadable = new CaptureItem.Unreadable(file, reader.lineNumber(), describe(e));
                count(unreadable);
                finishFile();
                return unreadable;
            }
            if (!reader.tooLong() && LineClassifier.isBlank(reader.bytes(), reader.keptLength())) {
                continue;
            }
            CaptureItem item = toItem();
            count(item);
            return item;
        }
    }

    /** Opens the next file; the reason when it cannot be opened, else null. */
    private CaptureItem.Unreadable openNextFile() {
        Source source = files.get(nextFile++);
        file = source.name();
        fileCounters = new CaptureCounters();
        perFile.put(file, fileCounters);
        listener.fileStarted(file);
        try {
            stream = source.open();
            reader = new LineReader(stream, maxLineBytes);
            return null;
        } catch (IOException e) {
            return new CaptureItem.Unreadable(file, 0, describe(e));
        }
    }

    private void finishFile() {
        try {
            stream.close();
        } catch (IOException ignored) {
            // everything was read, or the read already failed and was reported
        }
        stream = null;
        reader = null;
        listener.fileFinished(file, fileCounters.copy());
    }

    private void count(CaptureItem item) {
        fileCounters.count(item);
        totals.count(item);
    }

    private CaptureItem toItem() {
        byte[] kept = Arrays.copyOf(reader.bytes(), reader.keptLength()); // the reader reuses its buffer
        return classifier.classify(file, reader.lineNumber(), kept, kept.length, reader.fullLength());
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
