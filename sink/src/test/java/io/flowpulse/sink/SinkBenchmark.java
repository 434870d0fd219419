package io.flowpulse.sink;

import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.sink.clickhouse.ClickHouseClient;
import io.flowpulse.sink.clickhouse.SchemaMigrator;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import io.flowpulse.sink.table.LinkWindowTable;
import io.flowpulse.localstack.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sink throughput against a baseline measured in the same run, on the local stack.
 *
 * <ul>
 * <li>baseline: the same rows, already encoded as RowBinary, POSTed in batches of the
 *     sink's batch size (the fastest ClickHouse can take them over HTTP here);</li>
 * <li>sink: the records read from Kafka (Avro, registry), decoded, mapped, inserted and
 *     committed by {@link ClickHouseSink#runUntilCaughtUp} from a fresh consumer group;</li>
 * <li>writer: the same records from memory through {@link ClickHouseWriter} (mapping + insert);</li>
 * <li>kafka read: a plain consumer reading the same records as bytes, nothing else: the
 *     ceiling Kafka sets on this machine.</li>
 * </ul>
 * Every measurement writes into an empty database. A first, untimed round warms up the JIT. Run (from the repository root):
 * <pre>
 * ./mvnw -o -q -B -pl sink test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.flowpulse.sink.SinkBenchmark -Dexec.args="--rows 1000000 --batch-rows 50000 --runs 3"
 * </pre>
 * Not a test: it asserts nothing and takes about a minute.
 */
public final class SinkBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        int rows = Integer.parseInt(opts.getOrDefault("rows", "1000000"));
        int batchRows = Integer.parseInt(opts.getOrDefault("batch-rows", "50000"));
        int runs = Integer.parseInt(opts.getOrDefault("runs", "3"));

        try (LocalStack stack = LocalStack.create()) {
            SinkFixture f = new SinkFixture(stack).with("sink.batch.rows", Integer.toString(batchRows))
                    .with("sink.linger", "1s");
            List<LinkWindow> records = records(rows);
            System.out.printf(Locale.ROOT, "producing %,d LinkWindow records to Kafka...%n", rows);
            f.produce(f.links, records);
            ClickHouseClient ch = f.clickHouse;
            String version = ch.version();

            System.out.println("warm-up round (not reported)...");
            baseline(ch, f.database + "_warm_base", records, batchRows);
            sink(f, f.database + "_warm_sink", 0, rows);
            writer(f, f.database + "_warm_writer", records);
            kafkaRead(f, rows);

            List<double[]> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                double baseline = baseline(ch, f.database + "_base" + run, records, batchRows);
                double sink = sink(f, f.database + "_sink" + run, run, rows);
                double writer = writer(f, f.database + "_writer" + run, records);
                double kafka = kafkaRead(f, rows);
                results.add(new double[] {baseline, sink, writer, kafka});
                System.out.printf(Locale.ROOT, "run %d: baseline %,.0f rows/s, sink %,.0f rows/s (%.0f %%), writer %,.0f rows/s (%.0f %%), kafka read %,.0f records/s%n",
                        run, baseline, sink, 100 * sink / baseline, writer, 100 * writer / baseline, kafka);
            }
            System.out.printf(Locale.ROOT, "%nClickHouse %s, %,d rows of link_windows, batches of %,d rows, %d runs%n",
                    version, rows, batchRows, runs);
            System.out.println("| run | baseline rows/s | sink rows/s | sink / baseline | writer rows/s | writer / baseline | kafka read records/s |");
            System.out.println("|---|---|---|---|---|---|---|");
            double sumRatio = 0;
            for (int i = 0; i < results.size(); i++) {
                double[] r = results.get(i);
                sumRatio += r[1] / r[0];
                System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.0f %% | %,.0f | %.0f %% | %,.0f |%n",
                        i + 1, r[0], r[1], 100 * r[1] / r[0], r[2], 100 * r[2] / r[0], r[3]);
            }
            double[] ratios = results.stream().mapToDouble(r -> r[1] / r[0]).sorted().toArray();
            double median = ratios.length % 2 == 1 ? ratios[ratios.length / 2]
                    : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
            System.out.printf(Locale.ROOT, "mean sink / baseline: %.0f %%, median %.0f %%%n",
                    100 * sumRatio / results.size(), 100 * median);
        }
    }

    static List<LinkWindow> records(int n) {
        List<LinkWindow> out = new ArrayList<>(n);
        String[] levels = {"workload", "node", "subnet"};
        for (int i = 0; i < n; i++) {
            Map<String, Long> reasons = new TreeMap<>();
            if (i % 4 == 0) {
                reasons.put("POLICY_DENIED", (long) (i % 7 + 1));
            }
            if (i % 9 == 0) {
                reasons.put("CT_MAP_INSERTION_FAILED", 1L);
            }
            out.add(Records.link(levels[i % 3], "shop/web-" + (i % 1000), "shop/db-" + (i % 37),
                    Records.T0.plusSeconds(60L * (i / 1000)), 100 + i % 50, i % 5, i % 2, reasons));
        }
        return out;
    }

    /** Pre-encoded RowBinary, POSTed batch by batch: only ClickHouse and HTTP are timed. */
    static double baseline(ClickHouseClient ch, String database, List<LinkWindow> records, int batchRows) throws Exception {
        new SchemaMigrator(ch, database).migrate();
        LinkWindowTable mapping = new LinkWindowTable();
        List<byte[]> batches = new ArrayList<>();
        for (int from = 0; from < records.size(); from += batchRows) {
            RowBinaryWriter w = new RowBinaryWriter(batchRows * 96);
            for (LinkWindow r : records.subList(from, Math.min(records.size(), from + batchRows))) {
                mapping.writeRow(r, 1, w);
            }
            batches.add(w.toByteArray());
        }
        long start = System.nanoTime();
        for (byte[] b : batches) {
            ch.insertRowBinary(database + ".link_windows", mapping.columns(), b, 0, b.length);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        check(ch, database, records.size());
        return records.size() / seconds;
    }

    static double sink(SinkFixture f, String database, int run, int rows) throws Exception {
        f.with("clickhouse.database", database).with("sink.group.id", "bench-" + f.id + "-" + run);
        SinkMetrics metrics = SinkMetrics.noop();
        double seconds;
        try (ClickHouseSink sink = f.newSink(metrics)) {
            sink.prepare(Duration.ofSeconds(30));
            long start = System.nanoTime();
            if (!sink.runUntilCaughtUp(Duration.ofMinutes(10))) {
                throw new IllegalStateException("sink did not catch up");
            }
            seconds = (System.nanoTime() - start) / 1e9;
        }
        check(f.clickHouse, database, rows);
        return rows / seconds;
    }

    static double writer(SinkFixture f, String database, List<LinkWindow> records) throws Exception {
        f.with("clickhouse.database", database);
        double seconds;
        try (ClickHouseWriter writer = ClickHouseWriter.open(f.settings(), SinkMetrics.noop(), Duration.ofMinutes(1))) {
            long start = System.nanoTime();
            writer.writeAll(records);
            writer.flush();
            seconds = (System.nanoTime() - start) / 1e9;
        }
        check(f.clickHouse, database, records.size());
        return records.size() / seconds;
    }

    /** Reads every record of the links topic as bytes with the sink's consumer settings. */
    static double kafkaRead(SinkFixture f, int rows) {
        java.util.Properties p = new java.util.Properties();
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, f.stack.kafka().bootstrapServers());
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(p,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var parts = consumer.partitionsFor(f.links).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long start = System.nanoTime();
            long n = 0;
            long bytes = 0;
            while (n < rows) {
                for (var r : consumer.poll(Duration.ofMillis(100))) {
                    n++;
                    bytes += r.value().length;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (bytes == 0) {
                throw new IllegalStateException("read nothing");
            }
            return n / seconds;
        }
    }

    private static void check(ClickHouseClient ch, String database, int expected) throws Exception {
        long n = Long.parseLong(ch.query("SELECT count() FROM " + database + ".link_windows").strip());
        if (n != expected) {
            throw new IllegalStateException(database + ".link_windows has " + n + " rows, expected " + expected);
        }
        ch.query("DROP DATABASE " + database);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }
}
