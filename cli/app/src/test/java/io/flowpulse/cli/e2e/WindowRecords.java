package io.flowpulse.cli.e2e;

import java.util.Collection;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The final records of one run of the analytics, each record as its Avro JSON text, every list
 * sorted: two runs agree when these lists are equal (same records, none twice, none missing).
 */
record WindowRecords(List<String> links, List<String> dns, List<String> latency, List<String> alerts) {

    WindowRecords(Collection<? extends SpecificRecord> links, Collection<? extends SpecificRecord> dns,
                  Collection<? extends SpecificRecord> latency, Collection<? extends SpecificRecord> alerts) {
        this(texts(links), texts(dns), texts(latency), texts(alerts));
    }

    private static List<String> texts(Collection<? extends SpecificRecord> records) {
        return records.stream().map(Object::toString).sorted().toList();
    }

    int total() {
        return links.size() + dns.size() + latency.size() + alerts.size();
    }

    @Override
    public String toString() {
        return String.format("%d link, %d dns, %d latency windows, %d alert changes", links.size(), dns.size(),
                latency.size(), alerts.size());
    }
}
