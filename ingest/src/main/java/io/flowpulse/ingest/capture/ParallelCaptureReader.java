package io.flowpulse.ingest.capture;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads capture files as {@link CaptureCursor} does (same items, same order, same reasons) with the
 * parsing spread over threads: one thread reads, gunzips and splits the files into batches of lines;
 * worker threads turn each batch into items and map each item with a mapper of their own; the caller
 * takes the mapped items in file order. Capture lines are independent of each other, so only the
 * order of delivery needs care: the batches' futures queue up in reading order, and the queue's
 * bound holds the reading back when the caller is slower than the parsing.
 *
 * <p>Iterate from one thread; {@link #close()} may come from any thread.
 *
 * @param <T> what a worker's mapper makes of an item
 */
public final class ParallelCaptureReader<T> implements Iterator<T>, Closeable {

    /** Lines per batch: big enough that handing a batch over costs little per line. */
    static final int BATCH_LINES = 512;
    private static final long BATCH_BYTES = 1L << 20;

    private final List<Path> files;
    private final CaptureLimits limits;
    private final Supplier<Function<CaptureItem, T>> mappers;
    private final ThreadLocal<Worker<T>> worker;
    private final ExecutorService parsers;
    private final BlockingQueue<Future<Parsed<T>>> inOrder;
    private final Thread reader;
    private final AtomicLong bytesRead = new AtomicLong();
    private final long totalBytes;
    private final CaptureCounters totals = new CaptureCounters();
    private volatile boolean closed;

    private Iterator<T> current = List.<T>of().iterator();
    private boolean ended;

    /**
     * Starts reading at once.
     *
     * @param files   capture files, read in this order
     * @param workers parsing threads
     * @param mappers makes one mapper per worker thread (mappers need not be thread-safe)
     */
    public ParallelCaptureReader(List<Path> files, CaptureLimits limits, int workers,
                                 Supplier<Function<CaptureItem, T>> mappers) {
        if (workers < 1) {
            throw new IllegalArgumentException("at least one parsing thread is needed, got " + workers);
        }
        this.files = List.copyOf(files);
        this.limits = limits;
        this.mappers = mappers;
        this.worker = ThreadLocal.withInitial(() -> new Worker<>(new LineClassifier(limits), this.mappers.get()));
        this.totalBytes = this.files.stream().mapToLong(ParallelCaptureReader::sizeOrZero).sum();
        AtomicInteger threadNumber = new AtomicInteger();
        this.parsers = Executors.newFixedThreadPool(workers, task -> {
            Thread thread = new Thread(task, "capture-parser-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.inOrder = new ArrayBlockingQueue<>(4 * workers + 2);
        this.reader = new Thread(this::readAll, "capture-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Bytes of the files (compressed, as stored) read so far. */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** Bytes of all the files, as stored. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Counts of the items handed out so far (a batch is counted when its first item is). */
    public CaptureCounters totals() {
        synchronized (totals) {
            return totals.copy();
        }
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (ended) {
                return false;
            }
            Parsed<T> next = takeNext();
            if (next == null) {
                ended = true;
                return false;
            }
            synchronized (totals) {
                totals.add(next.counters());
            }
            current = next.items().iterator();
        }
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more capture items");
        }
        return current.next();
    }

    /** Stops reading and parsing; items not yet taken are dropped. */
    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        parsers.shutdownNow();
    }

    private Parsed<T> takeNext() {
        try {
            Future<Parsed<T>> batch;
            do {
                if (closed) {
                    throw new IllegalStateException("the capture reader was closed");
                }
                batch = inOrder.poll(100, TimeUnit.MILLISECONDS);
            } while (batch == null);
            return batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for capture lines", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("parsing capture lines failed: " + cause, cause);
        }
    }

    private void readAll() {
        try {
            for (Path file : files) {
                readFile(file);
            }
            inOrder.put(CompletableFuture.completedFuture(null));
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException | Error e) {
            try {
                inOrder.put(CompletableFuture.failedFuture(e));
            } catch (InterruptedException closed) {
                // nobody is waiting any more
            }
        }
    }

    private void readFile(Path file) throws InterruptedException {
        Batch batch = new Batch(file);
        InputStream stream;
        try {
            stream = CaptureInput.decompressing(new CountingStream(Files.newInputStream(file), bytesRead), limits);
        } catch (IOException e) {
            batch.add(new CaptureItem.Unreadable(file, 0, CaptureCursor.describe(e)));
            submit(batch);
            return;
        }
        try (InputStream in = stream) {
            LineReader lines = new LineReader(in, limits.maxLineBytes());
            while (true) {
                if (closed) {
                    throw new InterruptedException("closed");
                }
                boolean more;
                try {
                    more = lines.next();
                } catch (IOException e) {
                    batch.add(new CaptureItem.Unreadable(file, lines.lineNumber(), CaptureCursor.describe(e)));
                    break;
                }
                if (!more) {
                    break;
                }
                if (!lines.tooLong() && LineClassifier.isBlank(lines.bytes(), lines.keptLength())) {
                    continue;
                }
                int kept = LineClassifier.keptForItem(lines.keptLength(), lines.fullLength(), limits.maxLineBytes());
                batch.addLine(lines.lineNumber(), Arrays.copyOf(lines.bytes(), kept), lines.fullLength());
                if (batch.full()) {
                    submit(batch);
                    batch = new Batch(file);
                }
            }
        } catch (IOException closing) {
            // everything was read, or the read already failed and was reported
        }
        if (!batch.isEmpty()) {
            submit(batch);
        }
    }

    private void submit(Batch batch) throws InterruptedException {
        inOrder.put(parsers.submit(() -> batch.parse(worker.get())));
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private record Worker<T>(LineClassifier classifier, Function<CaptureItem, T> mapper) {
    }

    private record Parsed<T>(List<T> items, CaptureCounters counters) {
    }

    /** Lines of one file as read, and any item the reading itself made (a file that broke off). */
    private static final class Batch {
        private final Path file;
        private final List<Object> entries = new ArrayList<>(BATCH_LINES);
        private long bytes;

        Batch(Path file) {
            this.file = file;
        }

        void addLine(long lineNumber, byte[] kept, long fullLength) {
            entries.add(new RawLine(lineNumber, kept, fullLength));
            bytes += kept.length;
        }

        void add(CaptureItem item) {
            entries.add(item);
        }

        boolean full() {
            return entries.size() >= BATCH_LINES || bytes >= BATCH_BYTES;
        }

        boolean isEmpty() {
            return entries.isEmpty();
        }

        <T> Parsed<T> parse(Worker<T> worker) {
            List<T> items = new ArrayList<>(entries.size());
            CaptureCounters counters = new CaptureCounters();
            for (Object entry : entries) {
                CaptureItem item = entry instanceof RawLine line
                        ? worker.classifier().classify(file, line.number(), line.kept(), line.kept().length,
                        line.fullLength())
                        : (CaptureItem) entry;
                counters.count(item);
                items.add(worker.mapper().apply(item));
            }
            return new Parsed<>(items, counters);
        }
    }

    private record RawLine(long number, byte[] kept, long fullLength) {
    }

    /** Counts the bytes read from the file as stored, for progress. */
    private static final class CountingStream extends FilterInputStream {
        private final AtomicLong counter;

        CountingStream(InputStream in, AtomicLong counter) {
            super(in);
            this.counter = counter;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counter.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counter.addAndGet(n);
            }
            return n;
        }
    }
}
