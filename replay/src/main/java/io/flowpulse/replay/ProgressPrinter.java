package io.flowpulse.replay;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Prints a progress line at a fixed rhythm from a thread of its own, with the rate of flows since the last line. */
final class ProgressPrinter implements AutoCloseable {

    private final Supplier<String> text;
    private final LongSupplier flows;
    private final Consumer<String> out;
    private final Duration every;
    private final Thread printer;

    ProgressPrinter(Supplier<String> text, LongSupplier flows, Consumer<String> out, Duration every) {
        this.text = text;
        this.flows = flows;
        this.out = out;
        this.every = every;
        this.printer = new Thread(this::printUntilClosed, "replay-progress");
        printer.setDaemon(true);
        printer.start();
    }

    private void printUntilClosed() {
        long previousFlows = flows.getAsLong();
        long previousNanos = System.nanoTime();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(every.toMillis());
                long now = System.nanoTime();
                long current = flows.getAsLong();
                double rate = (current - previousFlows) / ((now - previousNanos) / 1e9);
                previousFlows = current;
                previousNanos = now;
                out.accept(String.format("  %s; %,.0f flows/s", text.get(), rate));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        printer.interrupt();
    }
}
