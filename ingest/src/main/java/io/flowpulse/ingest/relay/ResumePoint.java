package io.flowpulse.ingest.relay;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Where a restarted ingest resumes the relay's stream so that it neither loses nor repeats what an
 * earlier run already published: {@code since} the newest event time that every active partition of
 * the flows topic has reached, skipping the events at or after it that are already on the topic.
 *
 * <p>Why the oldest of the partitions' newest times: records of a partition arrive in the order they
 * were sent, so a partition lacks nothing before its last record; a process killed mid-batch can
 * have lost what it sent to another partition after that partition's last record. A partition whose
 * last event is far older than the others' (its node went quiet) had nothing in flight and is left out.
 *
 * @param sinceMicros the event time to ask the relay for, microseconds since the epoch
 * @param published   {@link #key keys} of the events from {@code sinceMicros} on that are on the topic
 * @param untilMicros the newest event time among them
 */
public record ResumePoint(long sinceMicros, Set<String> published, long untilMicros) {

    /** An event as it is on the flows topic: its time and what identifies it (see {@link ResumeTracker}). */
    public record PublishedEvent(long timeMicros, String identity) {
    }

    /** Relay output is only nearly in time order: resume this much before the point every partition reached. */
    public static final Duration SKEW = Duration.ofSeconds(1);
    /** A partition whose newest event is this much older than the newest of all had nothing in flight. */
    public static final Duration QUIET = Duration.ofSeconds(60);

    public ResumePoint {
        published = Set.copyOf(published);
    }

    /**
     * The time to resume from, given the newest event time of each partition that has events; empty when
     * none has.
     */
    public static OptionalLong since(Collection<Long> newestPerPartition) {
        long newest = newestPerPartition.stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
        if (newest == Long.MIN_VALUE) {
            return OptionalLong.empty();
        }
        long active = newestPerPartition.stream().mapToLong(Long::longValue)
                .filter(t -> t >= newest - QUIET.toNanos() / 1000).min().orElseThrow();
        return OptionalLong.of(active - SKEW.toNanos() / 1000);
    }

    /** The point for {@code sinceMicros} over the events of every partition's tail (those before it are ignored). */
    public static ResumePoint of(long sinceMicros, Map<Integer, List<PublishedEvent>> tails) {
        Set<String> published = new HashSet<>();
        long until = sinceMicros;
        for (List<PublishedEvent> tail : tails.values()) {
            for (PublishedEvent event : tail) {
                if (event.timeMicros() >= sinceMicros) {
                    published.add(key(event.timeMicros(), event.identity()));
                    until = Math.max(until, event.timeMicros());
                }
            }
        }
        return new ResumePoint(sinceMicros, published, until);
    }

    static String key(long timeMicros, String identity) {
        return timeMicros + "|" + identity;
    }

    boolean contains(long timeMicros, String identity) {
        return published.contains(key(timeMicros, identity));
    }
}
