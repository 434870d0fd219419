package io.flowpulse.ingest.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.flowpulse.hubble.observer.ObserverProtos.ExportEvent;
import io.flowpulse.ingest.protowire.LeftToReferencePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The fast path for Hubble JSON lines: streams the JSON with Jackson straight into protobuf's
 * binary wire format and lets the generated parser build the {@link ExportEvent}, about three
 * times faster than JsonFormat's route through a JSON tree and reflection.
 *
 * <p>It covers what Hubble writes. Whenever it cannot be sure to end up exactly where
 * {@code HubbleJson} (JsonFormat, unknown fields ignored) would — malformed JSON, a key given
 * twice, two members of one oneof, nulls, numbers written as floats, timestamps with an offset,
 * numbers out of range, well-known types Hubble does not use — it gives up, and the caller
 * parses the line with {@code HubbleJson}, which then also words any error.
 *
 * <p>Not thread-safe: it reuses its buffers from line to line.
 */
final class JsonToProtobufTranscoder {

    private static final LeftToReferencePath GIVE_UP = LeftToReferencePath.INSTANCE;
    private static final int MAX_DEPTH = 32;
    private static final int WIRE_VARINT = 0;
    private static final int WIRE_LENGTH_DELIMITED = 2;

    private enum Kind {
        INT32, UINT32, INT64, UINT64, BOOL, STRING, ENUM, MESSAGE, TIMESTAMP,
        BOOL_VALUE, INT32_VALUE, UINT32_VALUE, INT64_VALUE, UINT64_VALUE, STRING_VALUE, UNSUPPORTED
    }

    private static final class Field {
        final FieldDescriptor descriptor;
        final int number;
        final int index;
        final int oneofIndex;
        final boolean repeated;
        final Kind kind;
        Message message;

        Field(FieldDescriptor descriptor, Kind kind) {
            this.descriptor = descriptor;
            this.number = descriptor.getNumber();
            this.index = descriptor.getIndex();
            this.oneofIndex = descriptor.getRealContainingOneof() == null ? -1
                    : descriptor.getRealContainingOneof().getIndex();
            this.repeated = descriptor.isRepeated();
            this.kind = kind;
        }
    }

    private static final class Message {
        final Map<String, Field> byJsonKey = new HashMap<>();
    }

    private static final Message EXPORT_EVENT = describe(ExportEvent.getDescriptor(), new IdentityHashMap<>());

    private final Sink[] sinks = new Sink[MAX_DEPTH + 2];
    private final UtcTimestamp time = new UtcTimestamp();
    private final JsonFactory json;
    private int rootMember;

    JsonToProtobufTranscoder() {
        this(CaptureLimits.DEFAULT_MAX_JSON_DEPTH);
    }

    /** @param maxJsonDepth deeper JSON, even in fields it skips, is left to the reference path */
    JsonToProtobufTranscoder(int maxJsonDepth) {
        json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxJsonDepth).build())
                .build();
        for (int i = 0; i < sinks.length; i++) {
            sinks[i] = new Sink();
        }
    }

    /** The event of the line, parsed from the bytes {@link #transcode} makes of it. */
    ExportEvent parse(byte[] utf8, int length) throws LeftToReferencePath {
        return parsed(transcode(utf8, length));
    }

    ExportEvent parse(String line) throws LeftToReferencePath {
        return parsed(transcode(line));
    }

    /**
     * The protobuf bytes of the ExportEvent the line holds, which protobuf's generated parser reads
     * (the transcoder writes well-formed wire format, strings as valid UTF-8, nesting far below
     * protobuf's recursion limit); {@link #lastKind} tells which member of response_types they hold.
     */
    byte[] transcode(byte[] utf8, int length) throws LeftToReferencePath {
        try (JsonParser parser = json.createParser(utf8, 0, length)) {
            return transcode(parser);
        } catch (IOException | RuntimeException e) {
            throw GIVE_UP;
        }
    }

    byte[] transcode(String line) throws LeftToReferencePath {
        try (JsonParser parser = json.createParser(line)) {
            return transcode(parser);
        } catch (IOException | RuntimeException e) {
            throw GIVE_UP;
        }
    }

    /** The response_types member of the event {@link #transcode} wrote last. */
    ExportEvent.ResponseTypesCase lastKind() {
        return ExportEvent.ResponseTypesCase.forNumber(rootMember);
    }

    private static ExportEvent parsed(byte[] protobuf) throws LeftToReferencePath {
        try {
            return ExportEvent.parseFrom(protobuf);
        } catch (IOException e) {
            throw GIVE_UP;
        }
    }

    private byte[] transcode(JsonParser parser) throws LeftToReferencePath {
        try {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw GIVE_UP;
            }
            Sink root = sinks[0];
            root.length = 0;
            rootMember = 0;
            message(parser, EXPORT_EVENT, 0);
            if (parser.nextToken() != null) {
                throw GIVE_UP;
            }
            return Arrays.copyOf(root.bytes, root.length);
        } catch (IOException | RuntimeException e) {
            // malformed JSON: the reference parser decides
            throw GIVE_UP;
        }
    }

    /** Writes the fields of the object the parser is in (just after its START_OBJECT) to sinks[depth]. */
    private void message(JsonParser parser, Message message, int depth) throws IOException, LeftToReferencePath {
        if (depth >= MAX_DEPTH) {
            throw GIVE_UP;
        }
        Sink out = sinks[depth];
        long seenFields = 0;
        long seenOneofs = 0;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            Field field = message.byJsonKey.get(parser.currentName());
            JsonToken value = parser.nextToken();
            if (field == null) {
                parser.skipChildren();
                continue;
            }
            if (field.index >= 64 || (seenFields & (1L << field.index)) != 0) {
                throw GIVE_UP;
            }
            seenFields |= 1L << field.index;
            if (field.oneofIndex >= 0) {
                if (field.oneofIndex >= 64 || (seenOneofs & (1L << field.oneofIndex)) != 0) {
                    throw GIVE_UP;
                }
                seenOneofs |= 1L << field.oneofIndex;
                if (depth == 0) {
                    rootMember = field.number;
                }
            }
            if (field.repeated) {
                if (value != JsonToken.START_ARRAY) {
                    throw GIVE_UP;
                }
                while ((value = parser.nextToken()) != JsonToken.END_ARRAY) {
                    value(parser, value, field, out, depth);
                }
            } else {
                value(parser, value, field, out, depth);
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw GIVE_UP;
        }
    }

    private void value(JsonParser parser, JsonToken token, Field field, Sink out, int depth) throws IOException, LeftToReferencePath {
        int number = field.number;
        switch (field.kind) {
            case MESSAGE -> {
                if (token != JsonToken.START_OBJECT) {
                    throw GIVE_UP;
                }
                Sink nested = nestedSink(depth);
                message(parser, field.message, depth + 1);
                out.writeNested(number, nested);
            }
            case TIMESTAMP -> {
                Sink nested = nestedSink(depth);
                if (token != JsonToken.VALUE_STRING) {
                    throw GIVE_UP;
                }
                time.parse(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                if (time.seconds() != 0) {
                    nested.writeTag(1, WIRE_VARINT);
                    nested.writeVarint(time.seconds());
                }
                if (time.nanos() != 0) {
                    nested.writeTag(2, WIRE_VARINT);
                    nested.writeVarint(time.nanos());
                }
                out.writeNested(number, nested);
            }
            case BOOL_VALUE, INT32_VALUE, UINT32_VALUE, INT64_VALUE, UINT64_VALUE, STRING_VALUE -> {
                Sink nested = nestedSink(depth);
                scalar(parser, token, unwrapped(field.kind), null, 1, nested);
                out.writeNested(number, nested);
            }
            case UNSUPPORTED -> throw GIVE_UP;
            default -> scalar(parser, token, field.kind, field.descriptor, number, out);
        }
    }

    private Sink nestedSink(int depth) throws LeftToReferencePath {
        if (depth + 1 >= sinks.length) {
            throw GIVE_UP;
        }
        Sink nested = sinks[depth + 1];
        nested.length = 0;
        return nested;
    }

    private static void scalar(JsonParser parser, JsonToken token, Kind kind, FieldDescriptor descriptor, int number,
                               Sink out) throws IOException, LeftToReferencePath {
        switch (kind) {
            case STRING -> {
                if (token != JsonToken.VALUE_STRING) {
                    throw GIVE_UP;
                }
                out.writeTag(number, WIRE_LENGTH_DELIMITED);
                out.writeString(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            }
            case BOOL -> {
                if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                    throw GIVE_UP;
                }
                out.writeTag(number, WIRE_VARINT);
                out.writeVarint(token == JsonToken.VALUE_TRUE ? 1 : 0);
            }
            case ENUM -> {
                int value;
                if (token == JsonToken.VALUE_STRING) {
                    String name = parser.getText();
                    EnumValueDescriptor named = descriptor.getEnumType().findValueByName(name);
                    if (named == null) {
                        if (!name.isEmpty() && (name.charAt(0) == '-' || Character.isDigit(name.charAt(0)))) {
                            throw GIVE_UP; // JsonFormat reads a number in a string as the enum's number
                        }
                        return; // a name from a newer version: left at 0, as HubbleJson does
                    }
                    value = named.getNumber();
                } else if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
                    value = parser.getIntValue();
                } else {
                    throw GIVE_UP;
                }
                out.writeTag(number, WIRE_VARINT);
                out.writeVarint(value);
            }
            case INT32 -> {
                long value = integer(parser, token);
                if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                    throw GIVE_UP;
                }
                out.writeTag(number, WIRE_VARINT);
                out.writeVarint(value);
            }
            case UINT32 -> {
                long value = integer(parser, token);
                if (value < 0 || value > 0xFFFF_FFFFL) {
                    throw GIVE_UP;
                }
                out.writeTag(number, WIRE_VARINT);
                out.writeVarint(value);
            }
            case INT64 -> {
                out.writeTag(number, WIRE_VARINT);
                out.writeVarint(integer(parser, token));
            }
            case UINT64 -> {
                long value = integer(parser, token);
                if (value < 0) {
                    throw GIVE_UP; // beyond 2^63 - 1 or negative: left to the reference parser
                }
                out.writeTag(number, WIRE_VARINT);
                out.writeVarint(value);
            }
            default -> throw GIVE_UP;
        }
    }

    /** An integer written as a JSON integer or as a decimal string (how protobuf JSON writes 64-bit values). */
    private static long integer(JsonParser parser, JsonToken token) throws IOException, LeftToReferencePath {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = parser.getNumberType();
            if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                return parser.getLongValue();
            }
            throw GIVE_UP;
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            if (text.isEmpty() || text.length() > 19) {
                throw GIVE_UP;
            }
            boolean negative = text.charAt(0) == '-';
            int i = negative ? 1 : 0;
            if (i == text.length()) {
                throw GIVE_UP;
            }
            long value = 0;
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9' || value > (Long.MAX_VALUE - (c - '0')) / 10) {
                    throw GIVE_UP;
                }
                value = value * 10 + (c - '0');
            }
            return negative ? -value : value;
        }
        throw GIVE_UP;
    }

    private static Kind unwrapped(Kind wrapper) {
        return switch (wrapper) {
            case BOOL_VALUE -> Kind.BOOL;
            case INT32_VALUE -> Kind.INT32;
            case UINT32_VALUE -> Kind.UINT32;
            case INT64_VALUE -> Kind.INT64;
            case UINT64_VALUE -> Kind.UINT64;
            case STRING_VALUE -> Kind.STRING;
            default -> throw new IllegalArgumentException(wrapper + " is not a wrapper");
        };
    }

    private static Message describe(Descriptor descriptor, Map<Descriptor, Message> done) {
        Message known = done.get(descriptor);
        if (known != null) {
            return known;
        }
        Message message = new Message();
        done.put(descriptor, message);
        for (FieldDescriptor fieldDescriptor : descriptor.getFields()) {
            Field field = new Field(fieldDescriptor, kindOf(fieldDescriptor));
            if (field.kind == Kind.MESSAGE) {
                field.message = describe(fieldDescriptor.getMessageType(), done);
            }
            // interned as Jackson interns the names it reads, so a lookup hits on identity, not equals
            message.byJsonKey.put(fieldDescriptor.getJsonName().intern(), field);
            message.byJsonKey.put(fieldDescriptor.getName().intern(), field);
        }
        return message;
    }

    private static Kind kindOf(FieldDescriptor field) {
        if (field.isMapField()) {
            return Kind.UNSUPPORTED;
        }
        return switch (field.getType()) {
            case INT32 -> Kind.INT32;
            case UINT32 -> Kind.UINT32;
            case INT64 -> Kind.INT64;
            case UINT64 -> Kind.UINT64;
            case BOOL -> Kind.BOOL;
            case STRING -> Kind.STRING;
            case ENUM -> Kind.ENUM;
            case MESSAGE -> switch (field.getMessageType().getFullName()) {
                case "google.protobuf.Timestamp" -> Kind.TIMESTAMP;
                case "google.protobuf.BoolValue" -> Kind.BOOL_VALUE;
                case "google.protobuf.Int32Value" -> Kind.INT32_VALUE;
                case "google.protobuf.UInt32Value" -> Kind.UINT32_VALUE;
                case "google.protobuf.Int64Value" -> Kind.INT64_VALUE;
                case "google.protobuf.UInt64Value" -> Kind.UINT64_VALUE;
                case "google.protobuf.StringValue" -> Kind.STRING_VALUE;
                default -> field.getMessageType().getFile().getPackage().equals("google.protobuf")
                        ? Kind.UNSUPPORTED : Kind.MESSAGE;
            };
            default -> Kind.UNSUPPORTED;
        };
    }

    /** A growable byte buffer that writes protobuf's wire format. */
    private static final class Sink {
        byte[] bytes = new byte[4096];
        int length;

        void writeTag(int number, int wireType) {
            writeVarint(((long) number << 3) | wireType);
        }

        /** Negative int32 values are written sign-extended to ten bytes, as protobuf does. */
        void writeVarint(long value) {
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                bytes[length++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            bytes[length++] = (byte) value;
        }

        void writeNested(int number, Sink nested) {
            writeTag(number, WIRE_LENGTH_DELIMITED);
            writeVarint(nested.length);
            ensure(nested.length);
            System.arraycopy(nested.bytes, 0, bytes, length, nested.length);
            length += nested.length;
        }

        void writeString(char[] text, int offset, int count) throws LeftToReferencePath {
            boolean ascii = true;
            for (int i = offset; i < offset + count; i++) {
                if (text[i] >= 0x80) {
                    ascii = false;
                    break;
                }
            }
            if (ascii) {
                writeVarint(count);
                ensure(count);
                for (int i = offset; i < offset + count; i++) {
                    bytes[length++] = (byte) text[i];
                }
                return;
            }
            String value = new String(text, offset, count);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw GIVE_UP; // not encodable as UTF-8; JsonFormat keeps such a string as it is
                }
            }
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            writeVarint(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }
}
