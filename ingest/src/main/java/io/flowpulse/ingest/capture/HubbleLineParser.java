package io.flowpulse.ingest.capture;

import com.google.protobuf.InvalidProtocolBufferException;
import io.flowpulse.hubble.observer.ObserverProtos.ExportEvent;
import io.flowpulse.schemas.hubble.HubbleJson;

/**
 * Parses Hubble JSON lines exactly as {@link HubbleJson#parseLine} does, about three times
 * faster for the lines Hubble writes (see {@link WireTranscoder}); anything unusual goes
 * through HubbleJson itself. Not thread-safe: use one per thread.
 */
public final class HubbleLineParser {

    private final WireTranscoder transcoder = new WireTranscoder();

    /** @throws InvalidProtocolBufferException with HubbleJson's wording when the line is not a Hubble event */
    public ExportEvent parse(String line) throws InvalidProtocolBufferException {
        try {
            return transcoder.parse(line);
        } catch (WireTranscoder.GiveUp unusual) {
            return HubbleJson.parseLine(line);
        }
    }
}
