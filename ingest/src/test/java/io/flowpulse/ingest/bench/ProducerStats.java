package io.flowpulse.ingest.bench;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The flows producer's own view of its batches, read from its JMX metrics while it is open: mean
 * batch size as sent (compressed) and the compression rate (compressed / uncompressed).
 */
record ProducerStats(double batchBytesAvg, double compressionRateAvg, double recordBytesAvg, double recordsPerRequestAvg) {

    static final ProducerStats NONE = new ProducerStats(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    static ProducerStats of(String clientId) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("kafka.producer:type=producer-metrics,client-id=" + clientId);
            if (!server.isRegistered(name)) {
                return NONE;
            }
            return new ProducerStats(attribute(server, name, "batch-size-avg"), attribute(server, name, "compression-rate-avg"),
                    attribute(server, name, "record-size-avg"), attribute(server, name, "records-per-request-avg"));
        } catch (javax.management.JMException e) {
            throw new IllegalStateException("cannot read the producer's metrics: " + e.getMessage(), e);
        }
    }

    private static double attribute(MBeanServer server, ObjectName name, String attribute) throws javax.management.JMException {
        Object value = server.getAttribute(name, attribute);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
