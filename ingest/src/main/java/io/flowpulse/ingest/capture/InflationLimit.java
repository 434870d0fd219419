package io.flowpulse.ingest.capture;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses a decompressed stream that grows too much larger than what it is decompressed from: once
 * {@code afterBytes} have come out, more than {@code maxRatio} bytes out per byte in is a decompression
 * bomb, and every read from then on fails with the reason. The count of bytes in includes what the
 * buffers read ahead, so the ratio is never overstated.
 */
final class InflationLimit extends FilterInputStream {

    private final CountingInput compressed;
    private final int maxRatio;
    private final long afterBytes;
    private long decompressed;
    private IOException refused;

    InflationLimit(InputStream decompressing, CountingInput compressed, int maxRatio, long afterBytes) {
        super(decompressing);
        this.compressed = compressed;
        this.maxRatio = maxRatio;
        this.afterBytes = afterBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (refused != null) {
            throw refused;
        }
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            decompressed += n;
            check();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        int chunk = (int) Math.min(n, 8192);
        return Math.max(0, read(new byte[chunk], 0, chunk));
    }

    private void check() throws IOException {
        long in = Math.max(1, compressed.count());
        if (decompressed > afterBytes && decompressed / in > maxRatio) {
            refused = new IOException("decompression bomb: " + decompressed + " bytes inflated from " + in
                    + " compressed bytes, more than " + maxRatio + " times (input.gzip.max-ratio); reading stopped");
            throw refused;
        }
    }

    /** Counts the bytes read from the stream underneath. */
    static final class CountingInput extends FilterInputStream {
        private long count;

        CountingInput(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += Math.max(0, skipped);
            return skipped;
        }
    }
}
