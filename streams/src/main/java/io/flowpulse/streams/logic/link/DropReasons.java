package io.flowpulse.streams.logic.link;

import io.flowpulse.hubble.flow.FlowProtos.DropReason;
import io.flowpulse.schemas.avro.Flow;

/** Name of the drop reason of a flow (analytics spec section 3). */
public final class DropReasons {

    public static final String UNKNOWN = "UNKNOWN";

    private DropReasons() {
    }

    /** {@code drop_reason_desc}; else the DropReason name of {@code drop_reason} ({@code CODE_<n>} when unnamed); else UNKNOWN. */
    public static String nameOf(Flow flow) {
        String desc = flow.getDropReasonDesc();
        if (desc != null && !desc.isBlank() && !"DROP_REASON_UNKNOWN".equals(desc)) {
            return desc;
        }
        Integer code = flow.getDropReason();
        if (code == null || code == 0) {
            return UNKNOWN;
        }
        return nameOfCode(code);
    }

    public static String nameOfCode(int code) {
        DropReason reason = DropReason.forNumber(code);
        return reason == null ? "CODE_" + code : reason.name();
    }
}
