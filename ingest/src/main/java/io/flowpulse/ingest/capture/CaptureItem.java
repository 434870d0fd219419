package io.flowpulse.ingest.capture;

import io.flowpulse.hubble.observer.ObserverProtos.ExportEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** One thing a capture yields: an event, a line that is not one, or a file that could not be read to its end. */
public sealed interface CaptureItem {

    Path file();

    /** 1-based line number in the (decompressed) file; blank lines count too. */
    long lineNumber();

    /** What an event line holds, for counting. */
    enum Kind {
        FLOW,
        LOST_EVENTS,
        /** Agent or debug events, relay node status, or an event kind this version does not know. */
        OTHER
    }

    /**
     * A line that parsed as a Hubble event.
     *
     * @param utf8 the line as read, for dead-lettering should the event later prove unusable
     */
    record Event(Path file, long lineNumber, HubbleLineParser.Parsed parsed, byte[] utf8) implements CaptureItem {

        /** The line as text. */
        public String line() {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        public ExportEvent event() {
            return parsed.event();
        }

        /**
         * The event's protobuf bytes when the parser made them on its way (null otherwise); an ExportEvent's
         * flow, node name and time have the field numbers of a GetFlowsResponse's.
         */
        public byte[] protobuf() {
            return parsed.protobuf();
        }

        public Kind kind() {
            return switch (parsed.kind()) {
                case FLOW -> Kind.FLOW;
                case LOST_EVENTS -> Kind.LOST_EVENTS;
                default -> Kind.OTHER;
            };
        }
    }

    /**
     * A non-blank line that is not a Hubble event.
     *
     * @param raw the line's bytes; only its first 64 KiB when it was longer than the limit
     * @param lengthBytes the line's full length in bytes
     * @param reason what is wrong with it, for people
     */
    record Invalid(Path file, long lineNumber, byte[] raw, long lengthBytes, String reason) implements CaptureItem {

        /** Whether {@link #raw()} holds only the start of the line. */
        public boolean truncated() {
            return raw.length < lengthBytes;
        }

        /** The raw bytes as text, with undecodable bytes replaced. */
        public String rawText() {
            return new String(raw, StandardCharsets.UTF_8);
        }
    }

    /**
     * A file that could not be opened or read to its end (I/O error, corrupt or truncated gzip).
     * Lines before the failure were delivered; the rest of the file is lost and counted here.
     *
     * @param lineNumber the last line read completely, 0 when nothing could be read
     */
    record Unreadable(Path file, long lineNumber, String reason) implements CaptureItem {
    }
}
