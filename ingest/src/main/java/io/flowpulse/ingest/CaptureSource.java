package io.flowpulse.ingest;

import io.flowpulse.ingest.capture.CaptureLimits;
import io.flowpulse.ingest.capture.CaptureReader;
import io.flowpulse.ingest.kafka.IngestDeadLetters;
import io.flowpulse.runtime.service.UnreadableInputException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Capture files read once, to their end: every event through the pipeline, invalid lines to the
 * dead-letter topic. Files that cannot be read (missing, or breaking off) end the run with an
 * {@link UnreadableInputException}, after what could be read was published.
 */
public final class CaptureSource implements FlowSource {

    private final String name;
    private final List<Path> files;
    private final PrintStream progress;
    private final CaptureLimits limits;
    private volatile CaptureIngest.Result result;

    /** @param progress where a progress line goes every few seconds; null for none */
    public CaptureSource(List<Path> files, PrintStream progress) {
        this("file", files, progress);
    }

    /** @param name tags the metrics: file, or replay */
    public CaptureSource(String name, List<Path> files, PrintStream progress) {
        this(name, files, progress, CaptureLimits.DEFAULTS);
    }

    /** @param limits what a capture may hold before a line or the file is refused */
    public CaptureSource(String name, List<Path> files, PrintStream progress, CaptureLimits limits) {
        this.name = name;
        this.files = List.copyOf(files);
        this.progress = progress;
        this.limits = limits;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run(IngestPipeline pipeline, IngestDeadLetters deadLetters, BooleanSupplier stop) throws Exception {
        try {
            result = new CaptureIngest(new CaptureReader(limits), pipeline, deadLetters, progress, stop).run(files);
        } catch (NoSuchFileException e) {
            throw new UnreadableInputException("no such file or directory: " + e.getFile(), e);
        } catch (AccessDeniedException e) {
            throw new UnreadableInputException("cannot read " + e.getFile(), e);
        }
        if (!result.complete()) {
            throw new UnreadableInputException(result.unreadableFiles() + " file(s) could not be read to their end");
        }
    }

    public List<Path> files() {
        return files;
    }

    /** What the run read; null before it has read to the end. */
    public CaptureIngest.Result result() {
        return result;
    }
}
