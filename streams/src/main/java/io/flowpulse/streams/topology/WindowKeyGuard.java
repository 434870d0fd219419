package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.limit.WindowKeyLimit;
import io.flowpulse.streams.logic.limit.WindowKeyLimit.Admission;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WindowKeyLimit} of one stage-1 task (one flows partition), applied to its contributions
 * the same way by both engines: a contribution whose key is new to a window that already holds the
 * most distinct keys of its type goes to the type's overflow key instead, is counted, and the first
 * such fold of a window and type is logged at WARN.
 */
public final class WindowKeyGuard {

    /** Told about every folded contribution; each engine counts them in its own metrics. */
    @FunctionalInterface
    public interface FoldListener {
        void folded(AggregateType<?> type, boolean firstInWindow);
    }

    private static final Logger LOG = LoggerFactory.getLogger(WindowKeyGuard.class);

    private final WindowKeyLimit limit;
    private final AggregateTypes types;
    private final int partition;
    private final FoldListener listener;

    public WindowKeyGuard(int maxKeys, AggregateTypes types, int partition, FoldListener listener) {
        this.limit = new WindowKeyLimit(maxKeys);
        this.types = Objects.requireNonNull(types, "types");
        this.partition = partition;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * What to add for a contribution whose key is not open in its window yet: the contribution
     * itself while the window has room for its type, else the contribution under the overflow key.
     */
    public Contribution<?> admitNew(Contribution<?> contribution) {
        long windowStart = contribution.window().start().toEpochMilli();
        Admission admission = limit.admit(windowStart, contribution.type().tag());
        if (!admission.folds()) {
            return contribution;
        }
        Contribution<?> folded = contribution.folded();
        boolean first = admission == Admission.FIRST_FOLD;
        if (first) {
            LOG.warn("window {} of flows partition {} holds {} distinct {} keys, the most it keeps; keys new to it "
                            + "are added to '{}' from now on (streams.window.max.keys)",
                    Instant.ofEpochMilli(windowStart), partition, limit.maxKeys(), contribution.type().name(),
                    folded.outputKey());
        }
        listener.folded(contribution.type(), first);
        return folded;
    }

    /** An open aggregate found in the task's state when it starts, by its store key ({@link WindowedKey}). */
    public void restored(String storeKey) {
        WindowedKey key = WindowedKey.parse(storeKey);
        AggregateType<?> type = types.byTag(key.tag());
        if (!key.outputKey().equals(type.overflowKey(key.outputKey()))) {
            limit.restored(key.windowStartMillis(), key.tag());
        }
    }

    /** The windows starting at or before {@code windowStart} were handed on to stage 2. */
    public void forgetUpTo(long windowStart) {
        limit.forgetUpTo(windowStart);
    }

    /** Distinct keys of a type counted in a window, overflow key not included. */
    public int openKeys(long windowStart, char tag) {
        return limit.openKeys(windowStart, tag);
    }
}
