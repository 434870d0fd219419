package io.flowpulse.ingest.bench;

import io.flowpulse.ingest.CaptureIngest;
import io.flowpulse.ingest.CaptureSource;
import io.flowpulse.ingest.IngestService;
import io.flowpulse.ingest.IngestSettings;
import io.flowpulse.ingest.nodes.NodeSource;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.schemas.TopicProvisioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.LoggerFactory;
import ch.qos.logback.classic.Level;

/**
 * Bytes a flow costs on the broker's disk, per producer setting: each capture is ingested through
 * the real capture path ({@link CaptureSource} -> {@code IngestPipeline} -> {@code FlowPublisher} with
 * {@code ProducerSettings.flows} and the variant's settings laid over them, as {@code flowpulse ingest
 * --file} does) into a fresh topic of the local broker; then the topic's segment files in the broker's
 * log directory are summed and divided by the records in the topic. The same run times the ingest
 * (records/s) and measures its CPU (this JVM, and the whole machine, broker included).
 *
 * <p>Arguments: {@code --capture name[@rate]=file[,file...]} (repeatable, required; with a rate the capture
 * is fed at that many events/s, as a relay would, see {@link PacedSource}), {@code --variant
 * name[:key=value,...]} (repeatable; default {@link ProducerVariant#DEFAULTS}, the first is the baseline
 * of the ratios), {@code --runs R} (default 3), {@code --warmups W} (untimed rounds per capture read at full
 * speed, default 1), {@code --partitions P} (default 4, the product's {@code topics.partitions}).
 */
public final class FlowBytesBenchmark {

    private static final String FLOWS_CLIENT_ID = "flowpulse-ingest";

    private FlowBytesBenchmark() {
    }

    /** One measured ingest of one capture with one variant. */
    record Measurement(String capture, ProducerVariant variant, int run, long flows, TopicDiskUsage.Usage disk,
                       CpuMeter.Usage cpu, double brokerCpuSeconds, ProducerStats producer) {

        double recordsPerSecond() {
            return disk.records() / cpu.wallSeconds();
        }

        double jvmMicrosPerRecord() {
            return cpu.jvmCpuSeconds() * 1e6 / disk.records();
        }

        double machineMicrosPerRecord() {
            return cpu.machineMicrosPer(disk.records());
        }

        String line() {
            return String.format(Locale.ROOT, "%s run %d %-14s %,d records, %,d bytes, %.1f bytes/flow, %,.0f records/s,"
                            + " CPU us/record %.2f ingest + %.2f broker, batches %.0f bytes", capture, run, variant.name(),
                    disk.records(), disk.segmentBytes(), disk.bytesPerRecord(), recordsPerSecond(), jvmMicrosPerRecord(),
                    brokerMicrosPerRecord(), producer.batchBytesAvg());
        }

        /** The broker's CPU (it validates, and for compressed batches decompresses, every batch) per record. */
        double brokerMicrosPerRecord() {
            return brokerCpuSeconds * 1e6 / disk.records();
        }
    }

    public static void main(String[] args) throws Exception {
        List<Capture> captures = captures(args);
        List<ProducerVariant> variants = variants(args);
        int runs = intArg(args, "--runs", 3);
        int warmups = intArg(args, "--warmups", 1);
        int partitions = intArg(args, "--partitions", 4);
        // one "reading <file>" line per file and run would bury the results
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(CaptureIngest.class)).setLevel(Level.WARN);

        System.out.println("variants (the first is the baseline of the ratios):");
        variants.forEach(v -> System.out.printf(Locale.ROOT, "  %-14s %s%n", v.name(), v.describe()));
        List<Measurement> all = new ArrayList<>();
        try (LocalStack stack = LocalStack.create(Files.createTempDirectory("flowpulse-flow-bytes"))) {
            stack.startKafkaAndRegistry();
            String bootstrap = stack.kafka().bootstrapServers();
            Properties adminProps = stack.kafka().clientProperties();
            try (Admin admin = Admin.create(adminProps)) {
                TopicDiskUsage disk = new TopicDiskUsage(stack.kafka().logDir(), admin);
                ProcessHandle broker = ProcessHandle.of(stack.kafka().pid().orElseThrow()).orElseThrow();
                Bench bench = new Bench(bootstrap, stack.registry().url(), partitions, disk, broker);
                for (Capture capture : captures) {
                    // a paced capture waits far more than it computes: warming the JIT up for it buys nothing
                    for (int w = 1; w <= (capture.rate() > 0 ? 0 : warmups); w++) {
                        for (ProducerVariant v : variants) {
                            bench.measure(capture, v, -w);
                        }
                    }
                    for (int run = 1; run <= runs; run++) {
                        for (ProducerVariant v : variants) {
                            Measurement m = bench.measure(capture, v, run);
                            all.add(m);
                            System.out.println(m.line());
                        }
                    }
                }
            }
        }
        new FlowBytesReport(variants, all).print(System.out);
    }

    /** The local stack's coordinates and how each measurement is taken. */
    private record Bench(String bootstrap, String registryUrl, int partitions, TopicDiskUsage disk, ProcessHandle broker) {

        Measurement measure(Capture capture, ProducerVariant variant, int run) throws Exception {
            String topic = "bench.bytes." + capture.topicName() + "." + variant.name() + "."
                    + (run < 0 ? "warmup" + -run : "run" + run);
            IngestSettings settings = new IngestSettings(bootstrap, registryUrl, topic, topic + ".nodes", topic + ".dlq",
                    partitions, (short) 1, -1, variant.asProperties(), "127.0.0.1", 0);
            // created (and led) before the clock starts; the service finds them there
            new TopicProvisioner(bootstrap, new Properties()).ensure(List.of(topic, topic + ".nodes", topic + ".dlq"),
                    topic + ".nodes", partitions, (short) 1, -1);
            CaptureSource source = new CaptureSource(capture.files(), null);
            IngestService service = IngestService.create(settings,
                    capture.rate() > 0 ? new PacedSource(source, capture.rate()) : source, NodeSource.NONE);
            CpuMeter.Usage cpu;
            double brokerCpu;
            ProducerStats producer;
            long acked;
            try {
                CpuMeter meter = new CpuMeter();
                double brokerStart = cpuSeconds(broker);
                service.start();
                service.await();
                cpu = meter.stop();
                brokerCpu = cpuSeconds(broker) - brokerStart;
                producer = ProducerStats.of(FLOWS_CLIENT_ID);
                acked = service.publisher().acked();
                if (service.publisher().deadLettered() > 0) {
                    throw new IllegalStateException(service.publisher().deadLettered() + " records dead-lettered in " + topic);
                }
            } finally {
                service.close();
            }
            CaptureIngest.Result result = source.result();
            if (result.totals().invalid() > 0 || result.mappingFailures() > 0) {
                throw new IllegalStateException(capture + ": " + result.totals().invalid() + " invalid lines, "
                        + result.mappingFailures() + " unmappable events; measure a clean capture");
            }
            TopicDiskUsage.Usage usage = disk.awaitSettled(topic, partitions, acked);
            if (usage.records() != result.totals().flows() + result.totals().lostEvents()) {
                throw new IllegalStateException(topic + " holds " + usage.records() + " records, the capture "
                        + result.totals());
            }
            return new Measurement(capture.label(), variant, run, result.totals().flows(), usage, cpu, brokerCpu, producer);
        }

        /** CPU seconds of a process and its descendants (the broker's JVM runs under a watching shell). */
        private static double cpuSeconds(ProcessHandle process) {
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(process), process.descendants())
                    .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0)).sum();
        }
    }

    /** Capture files read as one, at {@code rate} events/s, or as fast as they can be read when the rate is 0. */
    record Capture(String label, List<Path> files, double rate) {

        /** {@code name[@rate]=file[,file...]}. */
        static Capture parse(String text) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--capture name[@events-per-second]=file[,file...], got " + text);
            }
            String label = text.substring(0, eq);
            int at = label.indexOf('@');
            double rate = at < 0 ? 0 : Double.parseDouble(label.substring(at + 1));
            List<Path> files = Arrays.stream(text.substring(eq + 1).split(",")).map(Path::of).toList();
            for (Path f : files) {
                if (!Files.isReadable(f)) {
                    throw new IllegalArgumentException("cannot read capture " + f);
                }
            }
            return new Capture(label, files, rate);
        }

        String topicName() {
            return label.replace('@', '-');
        }
    }

    private static List<Capture> captures(String[] args) {
        List<Capture> captures = values(args, "--capture").stream().map(Capture::parse).toList();
        if (captures.isEmpty()) {
            throw new IllegalArgumentException("give at least one --capture label=file[,file...]");
        }
        return captures;
    }

    private static List<ProducerVariant> variants(String[] args) {
        List<ProducerVariant> given = values(args, "--variant").stream().map(ProducerVariant::parse).toList();
        return given.isEmpty() ? ProducerVariant.DEFAULTS : given;
    }

    private static List<String> values(String[] args, String name) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                values.add(args[++i]);
            }
        }
        return values;
    }

    private static int intArg(String[] args, String name, int fallback) {
        List<String> v = values(args, name);
        return v.isEmpty() ? fallback : Integer.parseInt(v.get(v.size() - 1));
    }
}
