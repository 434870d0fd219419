package io.flowpulse.streams.topology;

/**
 * The latest watermark of each upstream (flows) partition, as stage 2 heard them. Windows are
 * complete up to the minimum over all partitions; until every partition has reported, nothing is.
 */
public final class WatermarkTracker {

    private final long[] closedUpTo;
    private final boolean[] reported;
    private final boolean[] idle;
    private long maxEventTime = Long.MIN_VALUE;

    public WatermarkTracker(int upstreamPartitions) {
        if (upstreamPartitions < 1) {
            throw new IllegalArgumentException("at least one upstream partition is needed, got " + upstreamPartitions);
        }
        closedUpTo = new long[upstreamPartitions];
        reported = new boolean[upstreamPartitions];
        idle = new boolean[upstreamPartitions];
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
        idle[p] = watermark.idle();
        maxEventTime = Math.max(maxEventTime, watermark.maxEventTime());
    }

    /**
     * Windows ending at or before this are complete: the minimum over the partitions that are not
     * idle. {@link Long#MIN_VALUE} while a partition has never reported, or when all are idle.
     */
    public long completeUpTo() {
        long min = Long.MAX_VALUE;
        boolean anyActive = false;
        for (int p = 0; p < closedUpTo.length; p++) {
            if (!reported[p]) {
                return Long.MIN_VALUE;
            }
            if (!idle[p]) {
                anyActive = true;
                min = Math.min(min, closedUpTo[p]);
            }
        }
        return anyActive ? min : Long.MIN_VALUE;
    }

    public boolean isIdle(int partition) {
        return idle[partition];
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
