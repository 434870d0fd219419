package io.flowpulse.ingest.protowire;

import com.google.protobuf.ProtocolMessageEnum;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The UTF-8 names of a protobuf enum's values by number, as FlowMapper writes them ({@code Enum.name()}). */
final class EnumNames {

    private final byte[][] byNumber;

    private <E extends Enum<E> & ProtocolMessageEnum> EnumNames(E[] values) {
        int max = 0;
        for (E e : values) {
            if (!e.name().equals("UNRECOGNIZED")) {
                max = Math.max(max, e.getNumber());
            }
        }
        byNumber = new byte[max + 1][];
        for (E e : values) {
            if (!e.name().equals("UNRECOGNIZED") && e.getNumber() >= 0 && byNumber[e.getNumber()] == null) {
                byNumber[e.getNumber()] = e.name().getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    static <E extends Enum<E> & ProtocolMessageEnum> EnumNames of(E[] values) {
        return new EnumNames(Arrays.copyOf(values, values.length));
    }

    /** The name, or null for a number this version does not know (protobuf's UNRECOGNIZED). */
    byte[] name(int number) {
        return number >= 0 && number < byNumber.length ? byNumber[number] : null;
    }
}
