package io.flowpulse.replay.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.NameCount;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link ReplayReport} as the JSON object of analytics spec section 7: the field names of
 * the spec in its order, times as RFC 3339 UTC, maps with their keys sorted, numbers as
 * {@link ReportFormats} says. Output is indented with two spaces and ends with a newline.
 */
public final class ReportJsonWriter {

    private static final JsonFactory JSON = new JsonFactory();

    /** Writes to {@code file}, replacing it. */
    public void write(ReplayReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8);
            write(report, json);
            out.write('\n');
        }
    }

    public String toJson(ReplayReport report) {
        StringWriter text = new StringWriter();
        try {
            write(report, JSON.createGenerator((Writer) text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text + "\n";
    }

    private void write(ReplayReport report, JsonGenerator json) throws IOException {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER);
        json.setPrettyPrinter(new DefaultPrettyPrinter(separators).withObjectIndenter(indenter)
                .withArrayIndenter(indenter));
        json.writeStartObject();
        writeInput(report.input(), json);
        json.writeNumberField("window_seconds", report.windowSeconds());
        json.writeArrayFieldStart("links");
        for (LinkWindow link : report.links()) {
            writeLink(link, json);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("dns");
        for (DnsWindow dns : report.dns()) {
            writeDns(dns, json);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("latency");
        for (LatencyWindow latency : report.latency()) {
            writeLatency(latency, json);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("alerts");
        for (Alert alert : report.alerts()) {
            writeAlert(alert, json);
        }
        json.writeEndArray();
        json.writeEndObject();
        json.flush();
    }

    private static void writeInput(ReportInput input, JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("input");
        json.writeArrayFieldStart("files");
        for (String file : input.files()) {
            json.writeString(file);
        }
        json.writeEndArray();
        json.writeNumberField("records", input.records());
        json.writeNumberField("flows", input.flows());
        json.writeNumberField("lost_events", input.lostEvents());
        json.writeNumberField("invalid", input.invalid());
        json.writeNumberField("late", input.late());
        writeEventTime("first_time", input.firstTime(), json);
        writeEventTime("last_time", input.lastTime(), json);
        json.writeEndObject();
    }

    private static void writeLink(LinkWindow link, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("level", link.getLevel());
        json.writeStringField("src", link.getSrc());
        json.writeStringField("dst", link.getDst());
        json.writeStringField("window_start", ReportFormats.windowTime(link.getWindowStart()));
        json.writeNumberField("forwarded", link.getForwarded());
        json.writeNumberField("dropped", link.getDropped());
        json.writeNumberField("other", link.getOther());
        json.writeFieldName("drop_rate");
        json.writeNumber(ReportFormats.ratio("drop_rate", link.getDropRate()));
        writeCounts("drop_reasons", link.getDropReasons(), json);
        json.writeEndObject();
    }

    private static void writeDns(DnsWindow dns, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("client", dns.getClient());
        json.writeStringField("window_start", ReportFormats.windowTime(dns.getWindowStart()));
        json.writeNumberField("queries", dns.getQueries());
        json.writeNumberField("responses", dns.getResponses());
        writeCounts("rcodes", dns.getRcodes(), json);
        DnsLatency latency = dns.getLatencyMs();
        if (latency == null) {
            json.writeNullField("latency_ms");
        } else {
            json.writeObjectFieldStart("latency_ms");
            writeMillis("p50", latency.getP50(), json);
            writeMillis("p95", latency.getP95(), json);
            writeMillis("p99", latency.getP99(), json);
            writeMillis("max", latency.getMax(), json);
            json.writeEndObject();
        }
        json.writeNumberField("distinct_names", dns.getDistinctNames());
        json.writeArrayFieldStart("top_nxdomain");
        for (NameCount name : dns.getTopNxdomain()) {
            json.writeStartObject();
            json.writeStringField("name", name.getName());
            json.writeNumberField("count", name.getCount());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeLatency(LatencyWindow latency, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("level", latency.getLevel());
        json.writeStringField("kind", latency.getKind());
        json.writeStringField("src", latency.getSrc());
        json.writeStringField("dst", latency.getDst());
        json.writeStringField("window_start", ReportFormats.windowTime(latency.getWindowStart()));
        json.writeNumberField("samples", latency.getSamples());
        writeMillis("min_ms", latency.getMinMs(), json);
        writeMillis("p50_ms", latency.getP50Ms(), json);
        writeMillis("p90_ms", latency.getP90Ms(), json);
        writeMillis("p99_ms", latency.getP99Ms(), json);
        writeMillis("max_ms", latency.getMaxMs(), json);
        writeMillis("mean_ms", latency.getMeanMs(), json);
        writeMillis("stddev_ms", latency.getStddevMs(), json);
        writeMillis("jitter_ms", latency.getJitterMs(), json);
        json.writeEndObject();
    }

    private static void writeAlert(Alert alert, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", alert.getId());
        json.writeStringField("kind", alert.getKind());
        json.writeStringField("severity", alert.getSeverity());
        json.writeStringField("subject", alert.getSubject());
        json.writeStringField("state", alert.getState());
        json.writeStringField("window_start", ReportFormats.windowTime(alert.getWindowStart()));
        json.writeStringField("window_end", ReportFormats.windowTime(alert.getWindowEnd()));
        json.writeFieldName("value");
        json.writeNumber(ReportFormats.ratio("alert value", alert.getValue()));
        json.writeFieldName("threshold");
        json.writeNumber(ReportFormats.ratio("alert threshold", alert.getThreshold()));
        json.writeEndObject();
    }

    private static void writeCounts(String field, Map<String, Long> counts, JsonGenerator json) throws IOException {
        json.writeObjectFieldStart(field);
        for (Map.Entry<String, Long> count : new TreeMap<>(counts).entrySet()) {
            json.writeNumberField(count.getKey(), count.getValue());
        }
        json.writeEndObject();
    }

    private static void writeMillis(String field, double value, JsonGenerator json) throws IOException {
        json.writeFieldName(field);
        json.writeNumber(ReportFormats.millis(field, value));
    }

    private static void writeEventTime(String field, Instant time, JsonGenerator json) throws IOException {
        if (time == null) {
            json.writeNullField(field);
        } else {
            json.writeStringField(field, ReportFormats.eventTime(time));
        }
    }
}
