package io.flowpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.runtime.Config;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay in process without a broker: counts, dead letters, stopping. Its identity with the replay through Kafka is in ReplayIntegrationTest. */
class InProcessReplayTest {

    @TempDir
    Path dir;

    private ReplaySettings settings(List<Path> inputs) {
        return ReplaySettings.inProcess(Config.builder().defaults(ReplaySettings.DEFAULTS).build(), inputs, null,
                "test");
    }

    private Path capture(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/hubble-otel/" + name)) {
            Path file = dir.resolve(name);
            Files.copy(in, file);
            return file;
        }
    }

    @Test
    void analysesACaptureAndWritesNoDeadLetterFileWhenEveryLineIsAnEvent() throws Exception {
        Path dns = capture("basic-sample-330-dns-flows.json");
        Path deadLetters = dir.resolve("dead.jsonl");
        ByteArrayOutputStream said = new ByteArrayOutputStream();

        ReplayResult result = new InProcessReplay(settings(List.of(dns)), 2, deadLetters,
                new PrintStream(said, true, StandardCharsets.UTF_8)).run();

        assertThat(result.complete()).isTrue();
        assertThat(result.report().input().records()).isEqualTo(330);
        assertThat(result.report().input().flows()).isEqualTo(330);
        assertThat(result.report().input().invalid()).isZero();
        assertThat(result.report().dns()).hasSize(5);
        assertThat(result.report().alerts()).extracting(a -> a.getState() + " " + a.getWindowStart())
                .containsExactly("FIRING 2021-10-04T11:23:00Z", "RESOLVED 2021-10-04T11:26:00Z");
        assertThat(deadLetters).doesNotExist();
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("330 records analysed");
    }

    @Test
    void countsAFileThatBreaksOffAndKeepsWhatWasRead() throws Exception {
        Path dns = capture("basic-sample-330-dns-flows.json");
        byte[] gzip;
        try (var bytes = new ByteArrayOutputStream(); var out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(Files.readAllBytes(dns));
            out.finish();
            gzip = bytes.toByteArray();
        }
        Path truncated = Files.write(dir.resolve("truncated.json.gz"), java.util.Arrays.copyOf(gzip, gzip.length / 2));

        ReplayResult result = new InProcessReplay(settings(List.of(truncated)), 1, dir.resolve("dead.jsonl"), null)
                .run();

        assertThat(result.unreadableFiles()).isEqualTo(1);
        assertThat(result.complete()).isFalse();
        assertThat(result.report().input().records()).isBetween(1L, 329L);
    }

    @Test
    void implausibleTimesAndABrokenFileAreDeadLetteredWithTheirReasons() throws Exception {
        Path dns = capture("basic-sample-5-dns-flows.json");
        List<String> lines = Files.readAllLines(dns);
        String time = "2021-10-04T11:22:26.592280339Z";
        assertThat(lines.get(0)).contains(time);
        Path hostile = Files.writeString(dir.resolve("a-hostile.json"), String.join("\n", lines) + "\n"
                + lines.get(0).replace(time, "2200-01-01T00:00:00Z") + "\n");
        byte[] gzip;
        try (var bytes = new ByteArrayOutputStream(); var out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(Files.readAllBytes(dns));
            out.finish();
            gzip = bytes.toByteArray();
        }
        Path truncated = Files.write(dir.resolve("b-truncated.json.gz"), java.util.Arrays.copyOf(gzip, gzip.length / 2));
        Path deadLetters = dir.resolve("dead.jsonl");

        ReplayResult result = new InProcessReplay(settings(List.of(hostile, truncated)), 1, deadLetters, null).run();

        assertThat(result.report().input().invalid()).isEqualTo(1);
        assertThat(result.report().input().flows()).isGreaterThanOrEqualTo(5);
        List<String> dead = Files.readAllLines(deadLetters);
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0)).contains("flow time 2200-01-01T00:00:00Z is more than PT24H ahead of the clock")
                .contains("a-hostile.json").contains("\"flowpulse.origin.line\":6");
        assertThat(dead.get(1)).contains("the file could not be read past this line: EOFException")
                .contains("b-truncated.json.gz");
    }

    @Test
    void stopEndsTheRunWithInterruptedException() throws Exception {
        Path tcp = capture("basic-sample-400-tcp-flows.json");
        List<Path> many = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            many.add(tcp);
        }
        InProcessReplay replay = new InProcessReplay(settings(many), 2, dir.resolve("dead.jsonl"), null);
        CompletableFuture<ReplayResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return replay.run();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Thread.sleep(300);
        replay.stop();

        assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedException.class);
    }
}
