import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Prints, every INTERVAL seconds for SECONDS seconds, the consumer lag of each group (records between
 * its committed offsets and the ends of the partitions it has committed) and the end offset sum of a
 * topic, as one line: {@code <elapsed s> <topic end> <group>=<lag> ...}.
 * Run with the distribution's class path: java -cp 'cli/app/target/lib/*' scripts/bench/LagProbe.java
 * BOOTSTRAP TOPIC INTERVAL SECONDS GROUP...
 */
public final class LagProbe {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        int interval = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long start = System.nanoTime();
        try (Admin admin = Admin.create(props)) {
            for (int tick = 0; tick * interval <= seconds; tick++) {
                long due = start + Duration.ofSeconds((long) tick * interval).toNanos();
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                StringBuilder line = new StringBuilder();
                line.append((System.nanoTime() - start) / 1_000_000_000L).append(' ').append(topicEnd(admin, topic));
                for (int g = 4; g < args.length; g++) {
                    line.append(' ').append(args[g]).append('=').append(lag(admin, args[g]));
                }
                System.out.println(line);
                System.out.flush();
            }
        }
    }

    /** -1 while the topic does not exist. */
    private static long topicEnd(Admin admin, String topic) throws Exception {
        if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
            return -1;
        }
        int partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(i -> i.offset()).sum();
    }

    /** -1 while the group has committed nothing. */
    private static long lag(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        if (committed.isEmpty()) {
            return -1;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        committed.keySet().forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        long lag = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
            if (e.getValue() != null) {
                lag += Math.max(0, ends.get(e.getKey()) - e.getValue().offset());
            }
        }
        return lag;
    }
}
