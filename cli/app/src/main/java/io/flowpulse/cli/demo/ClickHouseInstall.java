package io.flowpulse.cli.demo;

import io.flowpulse.localstack.ClickHouseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Installs ClickHouse for the demo the way the test command does ({@code scripts/install-clickhouse.sh},
 * Debian's packages), saying so first; {@code --no-sink} skips it. The script's output goes to
 * {@code clickhouse-install.log} in the demo's work directory.
 */
final class ClickHouseInstall {

    private static final long TIMEOUT_MINUTES = 10;

    private ClickHouseInstall() {
    }

    /** True when ClickHouse is installed afterwards. */
    static boolean run(Path workDir, Consumer<String> status) {
        Path script = script();
        if (script == null) {
            status.accept("ClickHouse is not installed and scripts/install-clickhouse.sh is not here to install it");
            return false;
        }
        Path log = workDir.resolve("clickhouse-install.log");
        status.accept("ClickHouse is not installed: installing Debian's clickhouse-server and clickhouse-client with "
                + script + " (apt-get; output in " + log + "; --no-sink runs the demo without it) ...");
        try {
            Process install = new ProcessBuilder("bash", script.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            install.getOutputStream().close();
            if (!install.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                install.destroyForcibly();
                status.accept("the ClickHouse installation took longer than " + TIMEOUT_MINUTES + " minutes; see " + log);
                return false;
            }
            if (install.exitValue() != 0) {
                status.accept("the ClickHouse installation failed (exit " + install.exitValue() + "); see " + log);
                return false;
            }
        } catch (IOException e) {
            status.accept("cannot run " + script + ": " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        boolean installed = ClickHouseServer.isInstalled();
        status.accept(installed ? "ClickHouse installed" : "ClickHouse is still not installed; see " + log);
        return installed;
    }

    /** The install script of this checkout: beside the launcher ({@code flowpulse.home}), else below the working directory. */
    private static Path script() {
        for (String home : new String[] {System.getProperty("flowpulse.home"), "."}) {
            if (home != null) {
                Path script = Path.of(home, "scripts", "install-clickhouse.sh");
                if (Files.isRegularFile(script)) {
                    return script.toAbsolutePath().normalize();
                }
            }
        }
        return null;
    }
}
