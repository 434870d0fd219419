package io.flowpulse.ingest.capture;

/**
 * Counts of what a file (or all files) held. {@code records} is every non-blank line:
 * {@code records = flows + lostEvents + other + invalid}.
 */
public final class CaptureCounters {

    private long records;
    private long flows;
    private long lostEvents;
    private long other;
    private long invalid;
    private long unreadableFiles;

    public long records() {
        return records;
    }

    public long flows() {
        return flows;
    }

    public long lostEvents() {
        return lostEvents;
    }

    public long other() {
        return other;
    }

    public long invalid() {
        return invalid;
    }

    /** Files that could not be read to their end. */
    public long unreadableFiles() {
        return unreadableFiles;
    }

    public CaptureCounters copy() {
        CaptureCounters copy = new CaptureCounters();
        copy.records = records;
        copy.flows = flows;
        copy.lostEvents = lostEvents;
        copy.other = other;
        copy.invalid = invalid;
        copy.unreadableFiles = unreadableFiles;
        return copy;
    }

    void add(CaptureCounters more) {
        records += more.records;
        flows += more.flows;
        lostEvents += more.lostEvents;
        other += more.other;
        invalid += more.invalid;
        unreadableFiles += more.unreadableFiles;
    }

    void count(CaptureItem item) {
        if (item instanceof CaptureItem.Event event) {
            records++;
            switch (event.kind()) {
                case FLOW -> flows++;
                case LOST_EVENTS -> lostEvents++;
                default -> other++;
            }
        } else if (item instanceof CaptureItem.Invalid) {
            records++;
            invalid++;
        } else {
            unreadableFiles++;
        }
    }

    @Override
    public String toString() {
        return "records=" + records + " flows=" + flows + " lost_events=" + lostEvents + " other=" + other
                + " invalid=" + invalid + " unreadable_files=" + unreadableFiles;
    }
}
