package io.flowpulse.cli;

/**
 * The exit codes under their old name, for code that still names them here (the replay command);
 * {@link io.flowpulse.runtime.service.ExitCodes} is where they are defined.
 */
public final class ExitCodes {
    public static final int OK = io.flowpulse.runtime.service.ExitCodes.OK;
    public static final int FAILURE = io.flowpulse.runtime.service.ExitCodes.FAILURE;
    public static final int USAGE = io.flowpulse.runtime.service.ExitCodes.USAGE;
    public static final int UNAVAILABLE = io.flowpulse.runtime.service.ExitCodes.UNAVAILABLE;
    public static final int INPUT = io.flowpulse.runtime.service.ExitCodes.INPUT;
    public static final int INTERRUPTED = io.flowpulse.runtime.service.ExitCodes.INTERRUPTED;

    private ExitCodes() {
    }
}
