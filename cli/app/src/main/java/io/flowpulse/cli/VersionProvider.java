package io.flowpulse.cli;

import picocli.CommandLine;

/** Version from the jar manifest (set by the build). */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = FlowpulseCommand.class.getPackage().getImplementationVersion();
        return new String[] {"flowpulse " + (version == null ? "development build" : version),
            "Java " + System.getProperty("java.version")};
    }
}
