package io.flowpulse.ingest.capture;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens a capture, decompressing gzip when its first bytes say so, whatever its name. */
final class CaptureInput {

    private static final int BUFFER_BYTES = 64 * 1024;

    private CaptureInput() {
    }

    static InputStream open(Path file) throws IOException {
        return decompressing(Files.newInputStream(file));
    }

    /** The stream's content, gunzipped when it starts with gzip's magic bytes. Closes the stream on failure. */
    static InputStream decompressing(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER_BYTES);
        try {
            byte[] magic = new byte[6];
            in.mark(magic.length);
            int n = in.readNBytes(magic, 0, magic.length);
            in.reset();
            if (startsWith(magic, n, 0x1f, 0x8b)) {
                return new GZIPInputStream(in, BUFFER_BYTES);
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
