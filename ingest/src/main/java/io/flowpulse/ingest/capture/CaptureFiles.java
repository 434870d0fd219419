package io.flowpulse.ingest.capture;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the paths a user names into the ordered list of files to read. Files are taken as
 * given; a directory stands for the capture files in it (not recursive, hidden files skipped),
 * ordered the way Cilium's exporter rotates them: for an active file {@code <base><ext>}, its
 * rotated predecessors {@code <base>-<UTC 2006-01-02T15-04-05.000><ext>[.gz]} oldest first, then
 * the active file itself. Unrelated files of a directory form groups of their own; groups are
 * read in name order.
 */
public final class CaptureFiles {

    private static final Pattern ROTATED =
            Pattern.compile("(.+)-(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3})(\\.[^.]*)?");
    private static final String GZ = ".gz";

    private CaptureFiles() {
    }

    /**
     * @throws NoSuchFileException when a named path does not exist
     */
    public static List<Path> resolve(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                files.addAll(inDirectory(input));
            } else if (Files.exists(input)) {
                files.add(input);
            } else {
                throw new NoSuchFileException(input.toString(), null, "no such capture file or directory");
            }
        }
        return files;
    }

    /** The capture files of one directory in reading order. */
    public static List<Path> inDirectory(Path directory) throws IOException {
        Map<String, Group> groups = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(entry)) {
                    continue;
                }
                boolean gz = name.endsWith(GZ);
                Matcher rotated = ROTATED.matcher(gz ? name.substring(0, name.length() - GZ.length()) : name);
                if (rotated.matches()) {
                    String extension = rotated.group(3) == null ? "" : rotated.group(3);
                    groups.computeIfAbsent(rotated.group(1) + extension, key -> new Group())
                            .rotated.add(new Rotated(rotated.group(2), gz, entry));
                } else {
                    groups.computeIfAbsent(name, key -> new Group()).active = entry;
                }
            }
        }
        List<Path> ordered = new ArrayList<>();
        for (Group group : groups.values()) {
            group.rotated.sort(Comparator.comparing(Rotated::timestamp).thenComparing(Rotated::gz));
            String previousTimestamp = null;
            for (Rotated file : group.rotated) {
                // While a rotated file is being compressed both forms exist; the plain one is complete.
                if (!file.timestamp().equals(previousTimestamp)) {
                    ordered.add(file.path());
                }
                previousTimestamp = file.timestamp();
            }
            if (group.active != null) {
                ordered.add(group.active);
            }
        }
        return ordered;
    }

    private record Rotated(String timestamp, boolean gz, Path path) {
    }

    private static final class Group {
        private final List<Rotated> rotated = new ArrayList<>();
        private Path active;
    }
}
