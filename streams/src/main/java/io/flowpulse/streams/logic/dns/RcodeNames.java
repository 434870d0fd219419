package io.flowpulse.streams.logic.dns;

/** DNS response code names as the analytics report them (analytics spec section 4). */
public final class RcodeNames {

    public static final int NOERROR = 0;
    public static final int SERVFAIL = 2;
    public static final int NXDOMAIN = 3;
    public static final int REFUSED = 5;

    private static final String[] NAMES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"};

    private RcodeNames() {
    }

    /** NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED for 0..5, else {@code RCODE_<n>}. */
    public static String nameOf(int rcode) {
        return rcode >= 0 && rcode < NAMES.length ? NAMES[rcode] : "RCODE_" + rcode;
    }
}
