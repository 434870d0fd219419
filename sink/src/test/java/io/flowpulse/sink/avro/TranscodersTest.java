package io.flowpulse.sink.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.NameCount;
import io.flowpulse.sink.Hex;
import io.flowpulse.sink.TableBatch;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import io.flowpulse.sink.table.AlertTable;
import io.flowpulse.sink.table.DnsWindowTable;
import io.flowpulse.sink.table.LatencyWindowTable;
import io.flowpulse.sink.table.LinkWindowTable;
import io.flowpulse.sink.table.TableMapping;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class TranscodersTest {

    private final Random random = new Random(42);

    static byte[] avro(SpecificRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, enc);
            enc.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static <T> String viaMapping(TableMapping<T> mapping, Object record, long version) {
        RowBinaryWriter w = new RowBinaryWriter();
        mapping.writeRow((T) record, version, w);
        return Hex.of(w.toByteArray());
    }

    static String viaTranscoder(RowTranscoder t, byte[] body, long version) {
        RowBinaryWriter w = new RowBinaryWriter();
        AvroBinaryReader in = new AvroBinaryReader(body, 0, body.length);
        assertThat(t.transcode(in, version, w)).isTrue();
        assertThat(in.atEnd()).isTrue();
        return Hex.of(w.toByteArray());
    }

    private String text() {
        int n = random.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(random.nextInt(10) == 0 ? 'é' : (char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    private Instant time() {
        return Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1_000_000_000));
    }

    private Map<String, Long> counts() {
        Map<String, Long> m = new HashMap<>();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            m.put(text(), (long) random.nextInt(1_000_000));
        }
        return m;
    }

    private List<String> texts() {
        List<String> l = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            l.add(text());
        }
        return l;
    }

    @Test
    void transcodedRowsAreByteForByteTheMappedRows() {
        for (int i = 0; i < 500; i++) {
            long version = random.nextLong() & Long.MAX_VALUE;
            LinkWindow link = LinkWindow.newBuilder().setLevel(text()).setSrc(text()).setDst(text())
                    .setWindowStart(time()).setWindowEnd(time()).setForwarded(random.nextInt(1000))
                    .setDropped(random.nextInt(1000)).setOther(random.nextInt(3)).setDropRate(random.nextDouble())
                    .setDropReasons(counts()).build();
            assertThat(viaTranscoder(new LinkWindowTranscoder(), avro(link), version))
                    .isEqualTo(viaMapping(new LinkWindowTable(), link, version));

            List<NameCount> top = new ArrayList<>();
            for (String s : texts()) {
                top.add(new NameCount(s, (long) random.nextInt(50)));
            }
            DnsWindow dns = DnsWindow.newBuilder().setClient(text()).setWindowStart(time()).setWindowEnd(time())
                    .setQueries(random.nextInt(100)).setResponses(random.nextInt(100)).setRcodes(counts())
                    .setLatencyMs(random.nextBoolean() ? null : new DnsLatency(random.nextDouble(), random.nextDouble(),
                            random.nextDouble(), random.nextDouble() * 1000))
                    .setDistinctNames(random.nextInt(10)).setTopNxdomain(top).setSuspiciousNames(texts()).build();
            assertThat(viaTranscoder(new DnsWindowTranscoder(), avro(dns), version))
                    .isEqualTo(viaMapping(new DnsWindowTable(), dns, version));

            LatencyWindow lat = LatencyWindow.newBuilder().setLevel(text()).setKind(text()).setSrc(text()).setDst(text())
                    .setWindowStart(time()).setWindowEnd(time()).setSamples(random.nextInt(20_000))
                    .setMinMs(random.nextDouble()).setP50Ms(random.nextDouble()).setP90Ms(random.nextDouble())
                    .setP99Ms(random.nextDouble()).setMaxMs(random.nextDouble()).setMeanMs(random.nextDouble())
                    .setStddevMs(random.nextDouble()).setJitterMs(random.nextDouble()).setExact(random.nextBoolean()).build();
            assertThat(viaTranscoder(new LatencyWindowTranscoder(), avro(lat), version))
                    .isEqualTo(viaMapping(new LatencyWindowTable(), lat, version));

            Alert alert = Alert.newBuilder().setId(text()).setKind(text()).setSeverity(text()).setSubject(text())
                    .setState(text()).setWindowStart(time()).setWindowEnd(time()).setValue(random.nextGaussian())
                    .setThreshold(random.nextDouble()).setMessage(text()).build();
            assertThat(viaTranscoder(new AlertTranscoder(), avro(alert), version))
                    .isEqualTo(viaMapping(new AlertTable(), alert, version));
        }
    }

    @Test
    void declinesValuesTheMappingWouldRefuseAndBytesThatAreNotAValue() {
        LinkWindow negative = LinkWindow.newBuilder().setLevel("node").setSrc("a").setDst("b")
                .setWindowStart(Instant.ofEpochSecond(1_700_000_000L)).setWindowEnd(Instant.ofEpochSecond(1_700_000_060L))
                .setForwarded(-1).setDropped(0).setOther(0).setDropRate(0).build();
        TableBatch<LinkWindow, String> batch = new TableBatch<>(new LinkWindowTable());
        assertThat(batch.addEncoded(new LinkWindowTranscoder(), avro(negative), 0, 1, "x")).isFalse();
        assertThat(batch.rows()).isZero();
        assertThat(batch.bytes()).isZero();

        LinkWindow ok = LinkWindow.newBuilder(negative).setForwarded(1).build();
        byte[] body = avro(ok);
        byte[] truncated = java.util.Arrays.copyOf(body, body.length - 1);
        byte[] trailing = java.util.Arrays.copyOf(body, body.length + 1);
        assertThat(batch.addEncoded(new LinkWindowTranscoder(), truncated, 0, 1, "x")).isFalse();
        assertThat(batch.addEncoded(new LinkWindowTranscoder(), trailing, 0, 1, "x")).isFalse();
        assertThat(batch.bytes()).isZero();
        assertThat(batch.addEncoded(new LinkWindowTranscoder(), body, 0, 1, "x")).isTrue();
        assertThat(batch.rows()).isEqualTo(1);
    }

    @Test
    void appliesOnlyToTheExactCurrentSchemas() {
        Schema sameText = new Schema.Parser().parse(LinkWindow.getClassSchema().toString());
        assertThat(Transcoders.forWriterSchema(sameText)).get().isInstanceOf(LinkWindowTranscoder.class);
        String evolvedText = LinkWindow.getClassSchema().toString()
                .replace("{\"name\":\"drop_rate\"", "{\"name\":\"extra\",\"type\":\"long\",\"default\":0},{\"name\":\"drop_rate\"");
        Schema evolved = new Schema.Parser().parse(evolvedText);
        assertThat(evolved.getField("extra")).isNotNull();
        assertThat(Transcoders.forWriterSchema(evolved)).isEmpty();
        assertThat(Transcoders.forWriterSchema(Flow.getClassSchema())).isEmpty();
        assertThat(Transcoders.all()).extracting(RowTranscoder::recordType)
                .containsExactly(LinkWindow.class, DnsWindow.class, LatencyWindow.class, Alert.class);
    }
}
