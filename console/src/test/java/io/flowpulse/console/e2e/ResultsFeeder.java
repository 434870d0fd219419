package io.flowpulse.console.e2e;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.NameCount;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.cluster.SimNode;
import io.flowpulse.simulator.model.ModelLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes what the streams service writes, window after window, for the simulator's default
 * cluster (its 12 nodes in 5 subnets, from the simulator's own model): link windows at the three
 * levels, handshake latency per subnet pair with the relayed edge-e path at about 180 ms and 75 ms
 * jitter, DNS windows, the jitter alerts, and a packet-drop fault on shop/cart -> data/redis that
 * fires LINK_DROP_RATE and resolves two windows after it ends. Real Avro values in the Confluent
 * wire format through the registry, to real topics.
 */
final class ResultsFeeder implements AutoCloseable {

    /** The topics of one run. */
    record Topics(String nodes, String links, String dns, String latency, String alerts, String flows) {
        static Topics forRun(String run) {
            return new Topics("flowpulse.nodes." + run, "flowpulse.links." + run, "flowpulse.dns." + run,
                    "flowpulse.latency." + run, "flowpulse.alerts." + run, "hubble.flows." + run);
        }

        Map<String, String> settings() {
            return Map.of("topics.nodes", nodes, "topics.links", links, "topics.dns", dns, "topics.latency", latency,
                    "topics.alerts", alerts, "topics.flows", flows);
        }
    }

    static final String DROP_ALERT = "LINK_DROP_RATE:workload:shop/cart->data/redis";

    private final Topics topics;
    private final KafkaProducer<String, Object> producer;
    private final Cluster cluster = Cluster.build(ModelLoader.defaultModel(), 1);
    private final Instant base;
    private final Random random = new Random(7);

    ResultsFeeder(String bootstrap, String registryUrl, Topics topics, Instant base) {
        this.topics = topics;
        this.base = base;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        @SuppressWarnings("unchecked")
        Serializer<Object> values = (Serializer<Object>) (Serializer<?>) AvroSerde.builder().registryUrl(registryUrl)
                .build().serializer();
        this.producer = new KafkaProducer<>(props, new StringSerializer(), values);
    }

    static void createTopics(String bootstrap, Topics topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> all = new ArrayList<>();
            for (String t : List.of(topics.links(), topics.dns(), topics.latency(), topics.alerts(), topics.flows())) {
                all.add(new NewTopic(t, 4, (short) 1));
            }
            all.add(new NewTopic(topics.nodes(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
            admin.createTopics(all).all().get(30, TimeUnit.SECONDS);
        }
    }

    List<String> subnets() {
        return new ArrayList<>(cluster.subnets().keySet());
    }

    void publishNodes() {
        for (SimNode n : cluster.nodes()) {
            Node node = Node.newBuilder().setName(n.name()).setSubnet(n.subnet()).setAddresses(List.of(n.address()))
                    .setPodCidrs(List.of(n.podCidr().toString())).setLabels(Map.of("topology.kubernetes.io/zone", n.subnet()))
                    .build();
            producer.send(new ProducerRecord<>(topics.nodes(), n.name(), node));
        }
        producer.flush();
    }

    /** Every result of window number {@code step}; the drop fault runs in windows [faultFrom, faultTo). */
    void publishWindow(int step, int faultFrom, int faultTo) {
        Instant start = base.plus(Duration.ofMinutes(step));
        Instant end = start.plus(Duration.ofMinutes(1));
        List<String> subnets = subnets();
        for (String src : subnets) {
            for (String dst : subnets) {
                boolean edge = src.equals("edge-e") || dst.equals("edge-e");
                long forwarded = src.equals(dst) ? 9000 + random.nextInt(2000) : edge ? 800 + random.nextInt(200)
                        : 2500 + random.nextInt(800);
                long dropped = edge ? random.nextInt(6) : random.nextInt(3);
                link("subnet", src, dst, start, end, forwarded, dropped,
                        dropped > 0 ? Map.of("POLICY_DENIED", dropped) : Map.of());
                if (!src.equals(dst)) {
                    boolean relayed = edge && !(src.equals("cloud-d") || dst.equals("cloud-d"));
                    double p50 = relayed ? 178 : edge ? 24 : src.startsWith("cloud") || dst.startsWith("cloud") ? 17.5 : 1.2;
                    double jitter = relayed ? 70 + random.nextInt(12) : p50 * 0.08;
                    latency("subnet", src, dst, start, end, p50, jitter);
                }
            }
        }
        List<SimNode> nodes = cluster.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            SimNode a = nodes.get(i);
            SimNode b = nodes.get((i + 3) % nodes.size());
            link("node", a.name(), b.name(), start, end, 300 + random.nextInt(300), random.nextInt(2), Map.of());
        }
        boolean fault = step >= faultFrom && step < faultTo;
        long redis = 2400 + random.nextInt(100);
        long redisDropped = fault ? redis * 3 / 7 : 0;
        link("workload", "shop/cart", "data/redis", start, end, redis - redisDropped, redisDropped,
                fault ? Map.of("CT_MAP_INSERTION_FAILED", redisDropped) : Map.of());
        link("workload", "shop/web", "shop/catalog", start, end, 3600 + random.nextInt(200), 0, Map.of());
        link("workload", "autoscaler/batch-worker", "data/kafka", start, end, 1200 + random.nextInt(100), 0, Map.of());
        link("workload", "shop/web", "data/postgres", start, end, 0, 12, Map.of("POLICY_DENIED", 12L));
        for (String client : List.of("shop/web", "shop/cart", "shop/checkout", "shop/catalog", "autoscaler/batch-worker")) {
            long q = client.equals("shop/web") ? 240 : 60 + random.nextInt(20);
            long nx = client.equals("shop/web") ? 8 : 0;
            producer.send(new ProducerRecord<>(topics.dns(), client, DnsWindow.newBuilder().setClient(client)
                    .setWindowStart(start).setWindowEnd(end).setQueries(q).setResponses(q)
                    .setRcodes(new TreeMap<>(nx > 0 ? Map.of("NOERROR", q - nx, "NXDOMAIN", nx) : Map.of("NOERROR", q)))
                    .setLatencyMs(new DnsLatency(0.8, 2.5, 4.0 + random.nextInt(3), 9.0)).setDistinctNames(14)
                    .setTopNxdomain(nx > 0 ? List.of(new NameCount("api.payments.example.com.shop.svc.cluster.local", nx))
                            : List.of())
                    .setSuspiciousNames(List.of()).build()));
        }
        if (step == 0) {
            alert("XSUBNET_JITTER:subnet:lab-a->edge-e", "XSUBNET_JITTER", "subnet:lab-a->edge-e", "FIRING", start, end,
                    74, 30, "jitter of TCP handshakes lab-a -> edge-e is 74 ms");
            alert("XSUBNET_LATENCY:subnet:lab-b->edge-e", "XSUBNET_LATENCY", "subnet:lab-b->edge-e", "FIRING", start, end,
                    260, 200, "p99 of TCP handshakes lab-b -> edge-e is 260 ms");
        }
        if (step == faultFrom) {
            alert(DROP_ALERT, "LINK_DROP_RATE", "workload:shop/cart->data/redis", "FIRING", start, end, 0.3, 0.05,
                    "30 % of shop/cart -> data/redis dropped (CT_MAP_INSERTION_FAILED)");
        }
        if (step == faultTo + 1) {
            alert(DROP_ALERT, "LINK_DROP_RATE", "workload:shop/cart->data/redis", "RESOLVED", start, end, 0, 0.05,
                    "shop/cart -> data/redis drops back under 5 %");
        }
        producer.flush();
    }

    private void link(String level, String src, String dst, Instant start, Instant end, long forwarded, long dropped,
                      Map<String, Long> reasons) {
        double rate = forwarded + dropped == 0 ? 0 : (double) dropped / (forwarded + dropped);
        producer.send(new ProducerRecord<>(topics.links(), level + "|" + src + "|" + dst, LinkWindow.newBuilder()
                .setLevel(level).setSrc(src).setDst(dst).setWindowStart(start).setWindowEnd(end).setForwarded(forwarded)
                .setDropped(dropped).setOther(0).setDropRate(rate).setDropReasons(new TreeMap<>(reasons)).build()));
    }

    private void latency(String level, String src, String dst, Instant start, Instant end, double p50, double jitter) {
        producer.send(new ProducerRecord<>(topics.latency(), level + "|tcp_handshake|" + src + "|" + dst,
                LatencyWindow.newBuilder().setLevel(level).setKind("tcp_handshake").setSrc(src).setDst(dst)
                        .setWindowStart(start).setWindowEnd(end).setSamples(40 + random.nextInt(40))
                        .setMinMs(p50 * 0.6).setP50Ms(p50).setP90Ms(p50 + jitter * 1.1).setP99Ms(p50 + jitter * 1.3)
                        .setMaxMs(p50 + jitter * 1.5).setMeanMs(p50 * 1.05).setStddevMs(jitter * 0.9).setJitterMs(jitter)
                        .setExact(true).build()));
    }

    private void alert(String id, String kind, String subject, String state, Instant start, Instant end, double value,
                       double threshold, String message) {
        producer.send(new ProducerRecord<>(topics.alerts(), id, Alert.newBuilder().setId(id).setKind(kind)
                .setSeverity(value >= 2 * threshold ? "CRITICAL" : "WARNING").setSubject(subject).setState(state)
                .setWindowStart(start).setWindowEnd(end).setValue(value).setThreshold(threshold).setMessage(message)
                .build()));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
