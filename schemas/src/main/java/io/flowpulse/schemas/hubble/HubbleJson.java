package io.flowpulse.schemas.hubble;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.flowpulse.hubble.observer.ObserverProtos.ExportEvent;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;

/**
 * Hubble's JSON form of flows, as written by {@code hubble observe -o json|jsonpb} and by
 * Cilium's flow exporter: one object per line, proto field names, enums by name, 64-bit
 * integers as strings, RFC 3339 timestamps.
 *
 * <p>Lines are read as {@link ExportEvent}, the superset of both shapes; fields and enum
 * names from newer Cilium versions are ignored (an unknown enum name leaves its field at 0).
 */
public final class HubbleJson {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER =
            JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();

    private HubbleJson() {
    }

    /** Parses one line; throws with Hubble's own wording of what is wrong when it is not a valid event. */
    public static ExportEvent parseLine(String line) throws InvalidProtocolBufferException {
        ExportEvent.Builder builder = ExportEvent.newBuilder();
        PARSER.merge(line, builder);
        return builder.build();
    }

    /** The same event as a GetFlowsResponse; both messages share their field numbers. */
    public static GetFlowsResponse toResponse(ExportEvent event) {
        try {
            return GetFlowsResponse.parseFrom(event.toByteString());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("ExportEvent and GetFlowsResponse no longer share field numbers", e);
        }
    }

    /** Parses one line straight into a GetFlowsResponse. */
    public static GetFlowsResponse parseResponse(String line) throws InvalidProtocolBufferException {
        GetFlowsResponse.Builder builder = GetFlowsResponse.newBuilder();
        PARSER.merge(line, builder);
        return builder.build();
    }

    /** Prints a response the way {@code hubble observe -o json} does: compact, proto field names. */
    public static String print(GetFlowsResponse response) {
        try {
            return PRINTER.print(response);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print a GetFlowsResponse as JSON", e);
        }
    }
}
