package io.flowpulse.ingest.protowire;

import com.google.protobuf.ProtocolMessageEnum;
import java.util.Arrays;
import java.util.List;

/**
 * The names of a protobuf enum's values by number, as FlowMapper writes them ({@code Enum.name()}), with
 * the field's rule for the values it does not keep: those map to null or to the name of value 0.
 */
final class EnumNames {

    private final Name[] byNumber;
    private final Name notKept;

    private EnumNames(List<? extends ProtocolMessageEnum> kept, Name notKept) {
        int max = 0;
        for (ProtocolMessageEnum e : kept) {
            max = Math.max(max, e.getNumber());
        }
        byNumber = new Name[max + 1];
        for (ProtocolMessageEnum e : kept) {
            if (e.getNumber() >= 0 && byNumber[e.getNumber()] == null) {
                byNumber[e.getNumber()] = new Name(((Enum<?>) e).name());
            }
        }
        this.notKept = notKept;
    }

    /** Every value by its name; a number this version does not know (protobuf's UNRECOGNIZED) by value 0's. */
    static <E extends Enum<E> & ProtocolMessageEnum> EnumNames unknownAsZero(E[] values) {
        EnumNames all = new EnumNames(known(values), null);
        return new EnumNames(known(values), all.byNumber[0]);
    }

    /** Every value but 0 (the unset value) by its name; 0 and unknown numbers are absent (null). */
    static <E extends Enum<E> & ProtocolMessageEnum> EnumNames zeroAsAbsent(E[] values) {
        return new EnumNames(known(values).stream().filter(e -> e.getNumber() != 0).toList(), null);
    }

    /** Only these values by their names; any other number is absent (null). */
    @SafeVarargs
    static <E extends Enum<E> & ProtocolMessageEnum> EnumNames only(E... kept) {
        return new EnumNames(Arrays.asList(kept), null);
    }

    /** The name the record holds for this number, null for absent. */
    Name name(int number) {
        Name name = number >= 0 && number < byNumber.length ? byNumber[number] : null;
        return name == null ? notKept : name;
    }

    private static <E extends Enum<E> & ProtocolMessageEnum> List<E> known(E[] values) {
        return Arrays.stream(values).filter(e -> !e.name().equals("UNRECOGNIZED")).toList();
    }
}
