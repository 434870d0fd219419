package io.flowpulse.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.InvalidProtocolBufferException;
import io.flowpulse.hubble.observer.ObserverProtos.ExportEvent;
import io.flowpulse.ingest.protowire.LeftToReferencePath;
import io.flowpulse.schemas.hubble.HubbleJson;
import io.flowpulse.schemas.hubble.RecordedCaptures;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast path must give exactly what HubbleJson gives, or give up. */
class JsonToProtobufTranscoderTest {

    private final JsonToProtobufTranscoder transcoder = new JsonToProtobufTranscoder();
    private final HubbleLineParser parser = new HubbleLineParser();

    private ExportEvent fast(String line) {
        try {
            return transcoder.parse(line);
        } catch (LeftToReferencePath e) {
            throw new AssertionError("fast path gave up on " + line);
        }
    }

    /** The line read by the parser from its UTF-8 bytes, as the capture reader hands it over. */
    private ExportEvent fromBytes(String line) throws InvalidProtocolBufferException {
        byte[] utf8 = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return parser.parseWithProtobuf(utf8, utf8.length).event();
    }

    private boolean givesUp(String line) {
        try {
            transcoder.parse(line);
            return false;
        } catch (LeftToReferencePath e) {
            return true;
        }
    }

    @Test
    void everyRecordedLineTakesTheFastPathAndEqualsHubbleJson() throws Exception {
        int lines = 0;
        for (String file : RecordedCaptures.FILES) {
            for (String line : RecordedCaptures.lines(file)) {
                assertThat(fast(line)).as("%s: %s", file, line).isEqualTo(HubbleJson.parseLine(line));
                lines++;
            }
        }
        assertThat(lines).isEqualTo(10 + 330 + 348 + 5 + 5 + 18 + 400 + 400 + 400);
    }

    @Test
    void newerFieldsWrappersTimestampsAndUnicodeEqualHubbleJson() throws Exception {
        List<String> lines = List.of(
                "{\"lost_events\":{\"source\":\"PERF_EVENT_RING_BUFFER\",\"num_events_lost\":\"5000\",\"cpu\":0,"
                        + "\"first\":\"1969-12-31T23:59:59.5Z\",\"last\":\"2025-05-06T07:08:00Z\"},"
                        + "\"node_name\":\"prod/w1\",\"time\":\"2025-05-06T07:08:01.000000999Z\"}",
                "{\"lost_events\":{\"source\":\"HUBBLE_RING_BUFFER\",\"num_events_lost\":12,\"cpu\":-1}}",
                "{\"node_status\":{\"state_change\":\"NODE_ERROR\",\"node_names\":[\"a\",\"b\"],\"message\":\"x\"},"
                        + "\"time\":\"0001-01-01T00:00:00Z\"}",
                "{\"agent_event\":{\"type\":\"IPCACHE_UPSERTED\",\"ipcache_update\":{\"cidr\":\"10.0.0.1/32\","
                        + "\"identity\":5,\"labels\":[{\"k\":[1,{\"z\":null}]}]}},\"node_name\":\"n\"}",
                "{}",
                "{\"flow\":{}}",
                "{\"flow\":{\"time\":\"2025-01-01T00:00:00.1Z\",\"uuid\":\"u-1\",\"verdict\":2,\"drop_reason\":181,"
                        + "\"drop_reason_desc\":\"POLICY_DENY\",\"Type\":\"SOCK\",\"is_reply\":false,"
                        + "\"event_type\":{\"type\":-7,\"sub_type\":2147483647},\"socket_cookie\":\"9223372036854775807\","
                        + "\"cgroup_id\":\"0\",\"policy_match_type\":4294967295,"
                        + "\"source\":{\"ID\":1,\"identity\":4294967295,\"workloads\":[{\"name\":\"w\",\"kind\":\"Deployment\"}]},"
                        + "\"node_labels\":[],\"egress_denied_by\":[{\"name\":\"p\",\"revision\":\"3\",\"labels\":[\"a\"]}],"
                        + "\"l7\":{\"type\":\"RESPONSE\",\"latency_ns\":\"18446744073\",\"dns\":{\"query\":\"x.\","
                        + "\"ttl\":4294967295,\"ips\":[\"::1\"],\"rcode\":3}},"
                        + "\"trace_context\":{\"parent\":{\"trace_id\":\"abc\"}},\"interface\":{\"index\":3},"
                        + "\"Summary\":\"caf\\u00e9 \u00fc \u2192 \uD83D\uDE80 \\\"quoted\\\" \\\\ \\n tab\\t\"},"
                        + "\"node_name\":\"n\",\"time\":\"2025-01-01T00:00:00.123Z\"}",
                "{\"flow\":{\"verdict\":\"A_VERDICT_FROM_2030\",\"traffic_direction\":\"EGRESS\",\"is_reply\":true,"
                        + "\"future\":{\"deep\":[[[]]]},\"l4\":{\"ICMPv6\":{\"type\":129}}}}",
                "{\"flow\":{\"sourcePort\":1,\"nodeName\":\"camel\",\"isReply\":true,\"dropReasonDesc\":\"AUTH_REQUIRED\"}}",
                "  {\"flow\":{\"time\":\"2025-01-01T00:00:00.123456Z\"}}  ");
        for (String line : lines) {
            assertThat(fast(line)).as(line).isEqualTo(HubbleJson.parseLine(line));
        }
        assertThat(fast(lines.get(6)).getFlow().getSummary()).isEqualTo("caf\u00e9 \u00fc \u2192 \uD83D\uDE80 \"quoted\" \\ \n tab\t");
        assertThat(fast(lines.get(6)).getFlow().getSocketCookie()).isEqualTo(Long.MAX_VALUE);
        assertThat(fast(lines.get(0)).getLostEvents().getFirst().getSeconds()).isEqualTo(-1);
        assertThat(fast(lines.get(0)).getLostEvents().hasCpu()).isTrue();
        assertThat(fast(lines.get(8)).getFlow().getNodeName()).isEqualTo("camel");
    }

    @Test
    void linesItIsNotSureAboutAreLeftToHubbleJson() throws Exception {
        List<String> accepted = List.of(
                "{\"flow\":{\"verdict\":\"DROPPED\",\"verdict\":\"FORWARDED\"}}",
                "{\"flow\":{\"l4\":{\"TCP\":{\"source_port\":1}}},\"flow\":{}}",
                "{\"flow\":{\"time\":\"2025-01-01T02:00:00+02:00\"}}",
                "{\"flow\":{\"time\":\"2025-13-01T00:00:00Z\"}}", // JsonFormat rolls month 13 over into the next year
                "{\"flow\":{\"time\":\"2025-01-01T00:00:00.1234567891Z\"}}", // and takes a tenth fraction digit
                "{\"flow\":{\"socket_cookie\":\"18446744073709551615\"}}",
                "{\"flow\":{\"source\":{\"identity\":80.0}}}",
                "{\"flow\":{\"verdict\":\"2\"}}",
                "{\"flow\":{\"source\":null,\"labels\":null}}",
                "{\"flow\":{\"encrypted_by_bool_string\":1,\"reply\":\"true\"}}",
                "{flow:{}}",
                "{\"flow\":{\"Summary\":\"lone \\ud800 surrogate\"}}");
        for (String line : accepted) {
            assertThat(givesUp(line)).as(line).isTrue();
            assertThat(parser.parse(line)).as(line).isEqualTo(HubbleJson.parseLine(line));
            assertThat(fromBytes(line)).as(line).isEqualTo(HubbleJson.parseLine(line));
        }

        List<String> rejected = List.of(
                "{\"flow\":{\"l4\":{\"TCP\":{},\"UDP\":{}}}}",
                "{\"flow\":{\"source\":{\"identity\":-1}}}",
                "{\"flow\":{\"source\":{\"identity\":4294967296}}}",
                "{\"flow\":{}} {\"flow\":{}}",
                "{\"flow\":{\"verdict\":\"FORWARDED\"",
                "[]",
                "{\"flow\":{\"source_names\":\"not-a-list\"}}");
        for (String line : rejected) {
            assertThat(givesUp(line)).as(line).isTrue();
            InvalidProtocolBufferException expected = null;
            try {
                HubbleJson.parseLine(line);
            } catch (InvalidProtocolBufferException e) {
                expected = e;
            }
            assertThat(expected).as("HubbleJson rejects %s", line).isNotNull();
            assertThatThrownBy(() -> parser.parse(line)).as(line)
                    .isInstanceOf(InvalidProtocolBufferException.class)
                    .hasMessage(expected.getMessage());
            assertThatThrownBy(() -> fromBytes(line)).as(line)
                    .isInstanceOf(InvalidProtocolBufferException.class)
                    .hasMessage(expected.getMessage());
        }
    }

    @Test
    void randomlyDamagedLinesGetTheSameOutcomeAsWithHubbleJson() {
        Random random = new Random(20250506L);
        List<String> sources = new ArrayList<>();
        for (String file : List.of("basic-sample-5-dns-flows.json", "basic-sample-5-http-flows.json",
                "basic-sample-10-flows.json", "basic-sample-400-icmpv4-flows.json")) {
            sources.addAll(RecordedCaptures.lines(file));
        }
        String alphabet = "{}[]\":,.-+0123456789eEtrufalsnZT \\/xAé";
        int fastPathTaken = 0;
        for (int i = 0; i < 2500; i++) {
            StringBuilder damaged = new StringBuilder(sources.get(random.nextInt(sources.size())));
            for (int edits = 1 + random.nextInt(2); edits > 0; edits--) {
                int at = random.nextInt(damaged.length());
                switch (random.nextInt(3)) {
                    case 0 -> damaged.deleteCharAt(at);
                    case 1 -> damaged.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> damaged.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String line = damaged.toString();
            fastPathTaken += givesUp(line) ? 0 : 1;
            Object reference = outcome(() -> HubbleJson.parseLine(line));
            Object ours = outcome(() -> parser.parse(line));
            if (!reference.equals(ours)) {
                fail("different outcome for %s%n HubbleJson: %s%n ours: %s", line, reference, ours);
            }
            Object oursFromBytes = outcome(() -> fromBytes(line));
            if (!reference.equals(oursFromBytes)) {
                fail("different outcome from the line's bytes for %s%n HubbleJson: %s%n ours: %s", line, reference,
                        oursFromBytes);
            }
        }
        assertThat(fastPathTaken).as("damage that keeps a line valid still takes the fast path").isGreaterThan(300);
    }

    private interface Parse {
        ExportEvent run() throws InvalidProtocolBufferException;
    }

    private static Object outcome(Parse parse) {
        try {
            return parse.run();
        } catch (InvalidProtocolBufferException e) {
            return "error: " + e.getMessage();
        }
    }
}
