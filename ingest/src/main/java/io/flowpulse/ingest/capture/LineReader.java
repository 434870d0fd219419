package io.flowpulse.ingest.capture;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into '\n'-terminated lines (a trailing '\r' is dropped) in constant
 * memory: a line longer than the limit keeps only its first {@code maxLineBytes} bytes, and
 * its full length is still counted so it can be reported.
 */
final class LineReader {

    private static final int CHUNK_BYTES = 64 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private int chunkPosition;
    private int chunkLimit;

    private byte[] line = new byte[8 * 1024];
    private int kept;
    private long fullLength;
    private long lineNumber;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads the next line; false at the end of the stream. */
    boolean next() throws IOException {
        kept = 0;
        fullLength = 0;
        boolean readAnything = false;
        while (true) {
            if (chunkPosition == chunkLimit) {
                int n = in.read(chunk, 0, chunk.length);
                if (n < 0) {
                    if (!readAnything) {
                        return false;
                    }
                    lineNumber++;
                    dropCarriageReturn();
                    return true;
                }
                chunkPosition = 0;
                chunkLimit = n;
                continue;
            }
            readAnything = true;
            int newline = indexOfNewline();
            int end = newline < 0 ? chunkLimit : newline;
            append(chunkPosition, end - chunkPosition);
            chunkPosition = newline < 0 ? chunkLimit : newline + 1;
            if (newline >= 0) {
                lineNumber++;
                dropCarriageReturn();
                return true;
            }
        }
    }

    /** The bytes kept of the current line: all of it unless {@link #tooLong()}. */
    byte[] bytes() {
        return line;
    }

    int keptLength() {
        return kept;
    }

    /** Length of the current line in bytes, without the line break. */
    long fullLength() {
        return fullLength;
    }

    boolean tooLong() {
        return fullLength > maxLineBytes;
    }

    /** 1-based number of the current line, blank lines included. */
    long lineNumber() {
        return lineNumber;
    }

    private int indexOfNewline() {
        byte[] bytes = chunk;
        for (int i = chunkPosition; i < chunkLimit; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int from, int length) {
        fullLength += length;
        int room = maxLineBytes - kept;
        int copy = Math.min(room, length);
        if (copy <= 0) {
            return;
        }
        if (kept + copy > line.length) {
            int grown = (int) Math.min(maxLineBytes, Math.max((long) line.length * 2, (long) kept + copy));
            byte[] bigger = new byte[grown];
            System.arraycopy(line, 0, bigger, 0, kept);
            line = bigger;
        }
        System.arraycopy(chunk, from, line, kept, copy);
        kept += copy;
    }

    private void dropCarriageReturn() {
        if (!tooLong() && kept > 0 && line[kept - 1] == '\r') {
            kept--;
            fullLength--;
        }
    }
}
