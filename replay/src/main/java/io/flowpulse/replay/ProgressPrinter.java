package io.flowpulse.replay;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Prints progress at a fixed rhythm from a thread of its own: on a terminal one line rewritten in place,
 * elsewhere (a log, a pipe) a plain line each time.
 */
final class ProgressPrinter implements AutoCloseable {

    private final Supplier<String> text;
    private final PrintStream out;
    private final boolean terminal;
    private final Duration every;
    private final Thread printer;
    private int lastLength;

    /** @param terminal rewrite one line with carriage returns instead of printing a line each time */
    ProgressPrinter(Supplier<String> text, PrintStream out, boolean terminal, Duration every) {
        this.text = text;
        this.out = out;
        this.terminal = terminal;
        this.every = every;
        this.printer = new Thread(this::printUntilClosed, "replay-progress");
        printer.setDaemon(true);
        printer.start();
    }

    /** Whether progress should rewrite one line: standard error is a terminal and TERM is not dumb. */
    static boolean onTerminal() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    private void printUntilClosed() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(every.toMillis());
                print(text.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void print(String line) {
        if (!terminal) {
            out.println(line);
            return;
        }
        String padded = line.length() < lastLength ? line + " ".repeat(lastLength - line.length()) : line;
        lastLength = line.length();
        out.print("\r" + padded);
        out.flush();
    }

    @Override
    public void close() {
        printer.interrupt();
        try {
            printer.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (terminal && lastLength > 0) {
                out.println();
            }
        }
    }
}
