package io.flowpulse.streams.topology;

/**
 * The latest watermark of each upstream (flows) partition, as stage 2 heard them. Windows are
 * complete up to the minimum over all partitions; until every partition has reported, nothing is.
 */
public final class WatermarkTracker {

    private final long[] closedUpTo;
    private final boolean[] reported;
    private long maxEventTime = Long.MIN_VALUE;

    public WatermarkTracker(int upstreamPartitions) {
        if (upstreamPartitions < 1) {
            throw new IllegalArgumentException("at least one upstream partition is needed, got " + upstreamPartitions);
        }
        closedUpTo = new long[upstreamPartitions];
        reported = new boolean[upstreamPartitions];
    }

    public int upstreamPartitions() {
        return closedUpTo.length;
    }

    /** Records a watermark; watermarks never move back (a repeated or reordered one is ignored). */
    public void update(Watermark watermark) {
        int p = watermark.upstreamPartition();
        if (p < 0 || p >= closedUpTo.length) {
            throw new IllegalArgumentException("watermark from partition " + p + ", but the flows topic has "
                    + closedUpTo.length + " partition(s); is flows.partitions set correctly?");
        }
        if (!reported[p] || watermark.closedUpTo() > closedUpTo[p]) {
            closedUpTo[p] = watermark.closedUpTo();
        }
        reported[p] = true;
        maxEventTime = Math.max(maxEventTime, watermark.maxEventTime());
    }

    /** Windows ending at or before this are complete; {@link Long#MIN_VALUE} while a partition is silent. */
    public long completeUpTo() {
        long min = Long.MAX_VALUE;
        for (int p = 0; p < closedUpTo.length; p++) {
            if (!reported[p]) {
                return Long.MIN_VALUE;
            }
            min = Math.min(min, closedUpTo[p]);
        }
        return min;
    }

    /** The largest event time any upstream partition has reported. */
    public long maxEventTime() {
        return maxEventTime;
    }

    public boolean hasReported(int partition) {
        return reported[partition];
    }

    public long closedUpTo(int partition) {
        return closedUpTo[partition];
    }
}
