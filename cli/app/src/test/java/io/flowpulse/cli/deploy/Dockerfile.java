package io.flowpulse.cli.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's Dockerfile read the way the builder reads it: comments dropped, continued lines
 * joined, instructions grouped into stages. Only the syntax the Dockerfile uses is understood;
 * anything else fails loudly rather than being skipped.
 */
final class Dockerfile {

    record Instruction(String keyword, String arguments, int line) {
    }

    /** {@code COPY [--from=STAGE] [--chmod=..] SOURCE... DEST}. */
    record Copy(String from, List<String> sources, String destination) {
    }

    record Stage(String image, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        String workdir() {
            List<Instruction> w = all("WORKDIR");
            return w.isEmpty() ? "/" : w.get(w.size() - 1).arguments();
        }

        List<Copy> copies() {
            return all("COPY").stream().map(i -> copy(i.arguments())).toList();
        }

        /** LABEL and ENV pairs, later ones winning. */
        Map<String, String> pairs(String keyword) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Instruction i : all(keyword)) {
                Matcher m = PAIR.matcher(i.arguments());
                while (m.find()) {
                    String v = m.group(2);
                    out.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
                }
            }
            return out;
        }

        /** The JSON (exec) form of ENTRYPOINT or CMD. */
        List<String> exec(String keyword) {
            List<Instruction> found = all(keyword);
            if (found.isEmpty()) {
                return List.of();
            }
            try {
                return new ObjectMapper().readValue(found.get(found.size() - 1).arguments(), new TypeReference<>() {
                });
            } catch (IOException e) {
                throw new IllegalStateException(keyword + " is not in exec form: " + found.get(0).arguments(), e);
            }
        }
    }

    private static final Pattern PAIR = Pattern.compile("([A-Za-z_][\\w.\\-]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");

    private final List<Stage> stages;

    private Dockerfile(List<Stage> stages) {
        this.stages = stages;
    }

    static Dockerfile read(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dockerfile parse(List<String> lines) {
        List<Stage> stages = new ArrayList<>();
        StringBuilder pending = null;
        int startLine = 0;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty() && pending == null) {
                continue; // comments, also between continued lines, as the builder does
            }
            if (pending == null) {
                pending = new StringBuilder();
                startLine = n + 1;
            }
            boolean continued = trimmed.endsWith("\\");
            pending.append(continued ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continued) {
                add(stages, pending.toString().strip(), startLine);
                pending = null;
            }
        }
        if (pending != null) {
            throw new IllegalStateException("the Dockerfile ends inside a continued line (line " + startLine + ")");
        }
        return new Dockerfile(stages);
    }

    private static void add(List<Stage> stages, String text, int line) {
        int space = text.indexOf(' ');
        String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String arguments = space < 0 ? "" : text.substring(space + 1).strip().replaceAll(" {2,}", " ");
        if (keyword.equals("FROM")) {
            String[] words = arguments.split(" ");
            String name = words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
            stages.add(new Stage(words[0], name, new ArrayList<>()));
            return;
        }
        if (stages.isEmpty()) {
            if (keyword.equals("ARG")) {
                return;
            }
            throw new IllegalStateException("line " + line + ": " + keyword + " before the first FROM");
        }
        stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments, line));
    }

    List<Stage> stages() {
        return stages;
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no stage named " + name));
    }

    Stage last() {
        return stages.get(stages.size() - 1);
    }

    static Copy copy(String arguments) {
        List<String> words = new ArrayList<>(List.of(arguments.split(" ")));
        String from = null;
        while (!words.isEmpty() && words.get(0).startsWith("--")) {
            String flag = words.remove(0);
            if (flag.startsWith("--from=")) {
                from = flag.substring("--from=".length());
            } else if (!flag.startsWith("--chmod=") && !flag.startsWith("--chown=") && !flag.equals("--link")) {
                throw new IllegalStateException("a COPY flag this reader does not know: " + flag);
            }
        }
        if (words.size() < 2 || words.get(0).startsWith("[")) {
            throw new IllegalStateException("COPY in a form this reader does not know: " + arguments);
        }
        return new Copy(from, List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1));
    }

    /** The path a stage's COPY or RUN means by {@code path}, relative paths taken from WORKDIR. */
    static String absolute(String workdir, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        String base = workdir.endsWith("/") ? workdir : workdir + "/";
        return (path.equals("./") || path.equals(".")) ? base : base + path;
    }

    /** The .dockerignore beside the Dockerfile, as path matchers relative to the build context. */
    static List<PathMatcher> ignored(Path context) {
        Path file = context.resolve(".dockerignore");
        List<PathMatcher> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String pattern = line.strip();
                if (pattern.isEmpty() || pattern.startsWith("#")) {
                    continue;
                }
                if (pattern.startsWith("!")) {
                    throw new IllegalStateException("exceptions in .dockerignore are not understood here: " + pattern);
                }
                out.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
                if (pattern.startsWith("**/")) {
                    // '**/target' also matches 'target' at the top of the context
                    out.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
