package io.flowpulse.ingest.capture;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens a capture, decompressing gzip when its first bytes say so, whatever its name; a gzip stream
 * inflating beyond the limits' ratio is refused as a decompression bomb ({@link InflationLimit}).
 */
final class CaptureInput {

    private static final int BUFFER_BYTES = 64 * 1024;

    private CaptureInput() {
    }

    static InputStream open(Path file, CaptureLimits limits) throws IOException {
        return decompressing(Files.newInputStream(file), limits);
    }

    /** The stream's content, gunzipped when it starts with gzip's magic bytes. Closes the stream on failure. */
    static InputStream decompressing(InputStream raw, CaptureLimits limits) throws IOException {
        InflationLimit.CountingInput compressed = new InflationLimit.CountingInput(raw);
        BufferedInputStream in = new BufferedInputStream(compressed, BUFFER_BYTES);
        try {
            byte[] magic = new byte[6];
            in.mark(magic.length);
            int n = in.readNBytes(magic, 0, magic.length);
            in.reset();
            if (startsWith(magic, n, 0x1f, 0x8b)) {
                return new InflationLimit(new GZIPInputStream(in, BUFFER_BYTES), compressed, limits.gzipMaxRatio(),
                        limits.gzipRatioAfterBytes());
            }
            String unsupported = unsupportedCompression(magic, n);
            if (unsupported != null) {
                throw new IOException(unsupported + "-compressed file; only plain and gzip captures are read");
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static String unsupportedCompression(byte[] magic, int n) {
        if (startsWith(magic, n, 'B', 'Z', 'h')) {
            return "bzip2";
        }
        if (startsWith(magic, n, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return "xz";
        }
        if (startsWith(magic, n, 0x28, 0xb5, 0x2f, 0xfd)) {
            return "zstd";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int length, int... prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
