package io.flowpulse.ingest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * What a topic occupies in the broker's log directory: the sum of its partitions' segment files
 * ({@code *.log}; the offset and time indexes are preallocated sparse files and not counted), and
 * the number of records in it (the partitions' end offsets: without transactions there are no
 * control records).
 */
final class TopicDiskUsage {

    /** Segment bytes and record count of one topic. */
    record Usage(long records, long segmentBytes) {

        double bytesPerRecord() {
            return records == 0 ? Double.NaN : segmentBytes / (double) records;
        }
    }

    private final Path logDir;
    private final Admin admin;

    TopicDiskUsage(Path logDir, Admin admin) {
        this.logDir = logDir;
        this.admin = admin;
    }

    /**
     * Waits until the segment files hold every acknowledged record and agree with what the broker
     * reports for the topic's replicas, then returns their size.
     */
    Usage awaitSettled(String topic, int partitions, long expectedRecords) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            long records = records(topic, partitions);
            long onDisk = segmentBytes(topic);
            long reported = reportedBytes(topic);
            if (records >= expectedRecords && onDisk == reported && onDisk == segmentBytes(topic)) {
                return new Usage(records, onDisk);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format(
                        "%s did not settle: %d of %d records, %d bytes in segment files, %d reported by the broker",
                        topic, records, expectedRecords, onDisk, reported));
            }
            Thread.sleep(200);
        }
    }

    /** Sum of the sizes of the {@code *.log} segment files in the topic's partition directories. */
    long segmentBytes(String topic) throws IOException {
        long total = 0;
        try (Stream<Path> dirs = Files.list(logDir)) {
            for (Path dir : (Iterable<Path>) dirs.filter(d -> isPartitionOf(d, topic))::iterator) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(".log"))::iterator) {
                        total += Files.size(f);
                    }
                }
            }
        }
        return total;
    }

    private static boolean isPartitionOf(Path dir, String topic) {
        String name = dir.getFileName().toString();
        return Files.isDirectory(dir) && name.startsWith(topic + "-")
                && name.substring(topic.length() + 1).chars().allMatch(Character::isDigit);
    }

    /** The replicas' sizes as the broker reports them (DescribeLogDirs). */
    private long reportedBytes(String topic) throws Exception {
        long total = 0;
        Map<Integer, Map<String, LogDirDescription>> byBroker = admin.describeLogDirs(List.of(1)).allDescriptions()
                .get(30, TimeUnit.SECONDS);
        for (Map<String, LogDirDescription> dirs : byBroker.values()) {
            for (LogDirDescription dir : dirs.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> e : dir.replicaInfos().entrySet()) {
                    if (e.getKey().topic().equals(topic)) {
                        total += e.getValue().size();
                    }
                }
            }
        }
        return total;
    }

    private long records(String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }
}
