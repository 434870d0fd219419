/**
 * The Kafka Streams wiring of the analytics: {@link io.flowpulse.streams.topology.FlowpulseTopology#build}
 * only builds the topology; {@code io.flowpulse.streams.app.StreamsApp} runs it.
 *
 * <h2>Why two stages with explicit watermarks</h2>
 * After a repartition, Kafka Streams advances a task's stream time to the largest timestamp it has
 * read from ANY upstream task. In a fast replay the upstream tasks run at different speeds, so a
 * windowed aggregation behind a repartition would drop records of the slower partitions as late.
 * Here event time is tracked per flows partition and combined explicitly:
 * <ol>
 *   <li><b>Stage 1</b> ({@code PartialWindowsProcessor}, one task per partition of the flows topic,
 *       whose key is the observing node): turns flows into link events (3 levels), DNS events,
 *       latency samples (TCP handshakes are paired here: SYN and SYN-ACK observed at a node are in
 *       that node's partition) and lost-events counts, and pre-aggregates them per (output key,
 *       window). Its stream time is the largest event time of its own partition. When it passes
 *       {@code window end + grace}, the partial aggregates of the window go to the internal partials
 *       topic ({@code <application.id>-partials-repartition}, key {@code <tag>|<output key>}), then a
 *       {@link io.flowpulse.streams.topology.Watermark} goes to EVERY partition of that topic
 *       ({@link io.flowpulse.streams.topology.PartialsPartitioner}). A record whose window it has
 *       already closed is counted as late ({@code flowpulse_streams_late_records_total}) and not added.
 *       A window keeps at most {@code streams.window.max.keys} keys per aggregate type; keys new to a
 *       full window go to the type's overflow key ({@link io.flowpulse.streams.topology.WindowKeyGuard},
 *       {@code flowpulse_streams_window_overflow_contributions_total}).</li>
 *   <li><b>Stage 2</b> ({@code FinalWindowsProcessor}, one task per partials partition): merges the
 *       partials per (key, window) and emits the final LinkWindow / DnsWindow / LatencyWindow when the
 *       minimum watermark over all flows partitions has passed the window's end. It then evaluates
 *       the alert rules on the closed windows in window order ({@code AlertListener}); every alert
 *       subject is the key of one aggregate, so its state lives in the same task.</li>
 * </ol>
 *
 * <h2>End of a replay, idle partitions</h2>
 * {@link io.flowpulse.streams.topology.EndOfStream} describes the marker a replay sends to every flows
 * partition; it closes all windows. A flows partition without records for the idle timeout [30 s,
 * wall clock] hands its open windows to stage 2 and is marked idle, so that stage 2 does not wait for
 * it; once it reports progress again it counts again.
 *
 * <h2>Errors</h2>
 * Records that cannot be deserialized or processed go to the dead-letter topic with the headers of
 * {@link io.flowpulse.schemas.DeadLetters} ({@link io.flowpulse.streams.topology.DeadLetterHandlers}).
 * Kafka Streams 4.4 cannot produce dead letters from the global thread: an invalid node of the
 * inventory topic is logged, counted and ignored.
 */
package io.flowpulse.streams.topology;
