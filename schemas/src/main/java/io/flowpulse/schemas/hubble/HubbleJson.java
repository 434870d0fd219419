package io.flowpulse.schemas.hubble;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
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
        return merge(line, ExportEvent.newBuilder()).build();
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
        return merge(line, GetFlowsResponse.newBuilder()).build();
    }

    private static <B extends Message.Builder> B merge(String line, B builder) throws InvalidProtocolBufferException {
        requireNothingAfterFirstValue(line);
        PARSER.merge(line, builder);
        return builder;
    }

    /** Prints a response the way {@code hubble observe -o json} does: compact, proto field names. */
    public static String print(GetFlowsResponse response) {
        try {
            return PRINTER.print(response);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print a GetFlowsResponse as JSON", e);
        }
    }

    /**
     * JsonFormat stops reading after the first JSON value, so without this check a line holding
     * two events (a lost newline) or trailing garbage would silently lose the rest.
     */
    private static void requireNothingAfterFirstValue(String line) throws InvalidProtocolBufferException {
        int end = endOfFirstObjectOrArray(line);
        for (int i = end; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                String rest = line.substring(i, Math.min(line.length(), i + 40));
                throw new InvalidProtocolBufferException(
                        "unexpected text after the end of the JSON object at column " + (i + 1) + ": " + rest);
            }
        }
    }

    /** Index just after the object or array the line starts with; the line's length when it is anything else or unclosed. */
    private static int endOfFirstObjectOrArray(String line) {
        int i = 0;
        int length = line.length();
        while (i < length && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        if (i == length || (line.charAt(i) != '{' && line.charAt(i) != '[')) {
            return length;
        }
        int depth = 0;
        boolean inString = false;
        for (; i < length; i++) {
            char c = line.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return i + 1;
            }
        }
        return length;
    }
}
