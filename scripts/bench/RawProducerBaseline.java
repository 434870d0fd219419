import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The live pipeline benchmark's baseline: a raw byte[] producer with ingest's producer settings
 * (acks=all, idempotent, zstd level 1, linger 500 ms, 256 KiB batches; -Dcompression= and -Dlinger= change them) sending N values of about 800 bytes
 * (a flow-like text with changing numbers, so that it compresses like real records) keyed by one of 12
 * node names to a new 4-partition topic, as fast as it can. Prints records/s, the process's CPU per
 * record and the machine's (broker included) CPU per record.
 * Usage: java -cp 'cli/app/target/lib/*' scripts/bench/RawProducerBaseline.java BOOTSTRAP N
 */
public final class RawProducerBaseline {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        long n = Long.parseLong(args[1]);
        String topic = "bench.raw-producer." + System.currentTimeMillis();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(java.util.List.of(new NewTopic(topic, 4, (short) 1))).all().get();
        }
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, System.getProperty("compression", "zstd"));
        props.put("compression.zstd.level", "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, System.getProperty("linger", "500"));
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        String[] nodes = new String[12];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = "node-" + i;
        }
        var cpu = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long machine0 = machineBusyTicks();
        long cpu0 = cpu.getProcessCpuTime();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, nodes[(int) (i % nodes.length)], value(i)));
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double processCpu = (cpu.getProcessCpuTime() - cpu0) / 1e9;
        double machineCpu = (machineBusyTicks() - machine0) / 100.0;
        System.out.printf("raw producer: %,d records in %.1f s = %,.0f records/s; CPU per record: producer %.1f µs, "
                + "machine (broker included) %.1f µs%n", n, seconds, n / seconds, processCpu / n * 1e6,
                machineCpu / n * 1e6);
    }

    private static byte[] value(long i) {
        String text = "{\"time\":\"2026-01-01T00:" + (i / 60_000 % 60) + ":" + (i / 1000 % 60) + "." + i % 1000
                + "Z\",\"verdict\":\"FORWARDED\",\"source\":{\"ip\":\"10.244." + i % 13 + "." + i % 251
                + "\",\"namespace\":\"shop\",\"pod\":\"web-" + i % 97 + "\",\"labels\":[\"k8s:app=web\","
                + "\"k8s:io.kubernetes.pod.namespace=shop\",\"k8s:tier=frontend\"]},\"destination\":{\"ip\":\"10.244."
                + i % 7 + "." + i % 241 + "\",\"namespace\":\"data\",\"pod\":\"postgres-" + i % 3
                + "\",\"labels\":[\"k8s:app=postgres\",\"k8s:io.kubernetes.pod.namespace=data\"]},\"l4\":{\"TCP\":"
                + "{\"source_port\":" + (32768 + i % 28000) + ",\"destination_port\":5432,\"flags\":{\"SYN\":true}}},"
                + "\"node_name\":\"lab-a-" + i % 12 + "\",\"traffic_direction\":\"EGRESS\",\"uuid\":\""
                + Long.toHexString(i * 0x9E3779B97F4A7C15L) + "\"}";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static long machineBusyTicks() throws Exception {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                + Long.parseLong(f[7]) + Long.parseLong(f[8]);
    }
}
